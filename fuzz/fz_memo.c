/* fz_memo.c - the execution memo: a tree of the decision points of the
 * executions run so far (fz.h).
 *
 * The tree lives in one array of 32-bit words; a node is an offset into
 * it (0: none). An execution is added as one chain of nodes, each node
 * followed by the node its recorded option leads to, so that walking a
 * known execution reads memory in order. Two kinds of node:
 *   decision  w[o]  header: nopts (1..255, bits 0-7), keep + 1 (bits
 *                   8-15), kind (bit 16), wide (bit 17), and inline (bits
 *                   18-25): the option whose child is the next node;
 *             then the options: in one word, a byte each, when there
 *             are at most four and each is below 256 (wide clear), else
 *             a word each;
 *             then nopts - 1 words: the child of every other option in
 *             order (0 while it has none), so that leaving a chain for
 *             another reads the word beside the header, not a list
 *             elsewhere in the array (it was a cache miss on every turn
 *             of a lookup, and the list was written anew, one pair
 *             longer, for every child added).
 *   leaf      w[o] = 0, w[o+1] = number of counters set, then one word
 *             per counter: index << 8 | value.
 * A decision point of over 255 options (as many runnable goroutines) is
 * not kept: the execution that meets one runs every time.
 * The recording of the current execution is a second array holding its
 * decisions as the chain of nodes that adding it would append (the
 * option taken as each node's inline one, no other children), so that
 * adding copies the part of it the tree does not know. */
#define _GNU_SOURCE
#include "fz.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MIN_BYTES ((size_t)64 << 10)
#define MAX_OPTS  255u

#define H_NOPTS(h)  ((h)&0xffu)
#define H_KEEP1(h)  ((h) >> 8 & 0xffu)
#define H_KIND(h)   ((h) >> 16 & 1u)
#define H_WIDE      (1u << 17)
#define H_INLINE(h) ((h) >> 18 & 0xffu)

struct fz_memo {
    uint32_t *w; /* the tree; w[0] unused so that offset 0 means none */
    size_t len, max_words;
    size_t high; /* the most words of w ever used: the memory it took */
    size_t map_bytes;
    uint32_t root[FZ_MEMO_ROOTS];
    uint32_t *rec; /* the recording */
    size_t rec_len, rec_cap;
    bool rec_bad; /* the recording ran out of memory or met a decision too large: not added */
    fz_memo_stats st;
};

/* The tree is mapped at its full bound up front, pages taken as it grows
 * into them, and the whole 2 MiB pages inside the bound are asked for
 * transparent huge pages: a lookup follows a path across the whole tree,
 * and with 4 KiB pages each turn onto another chain was a TLB miss on top
 * of a cache miss (and growing into 64 MiB took 16,384 page faults). Only
 * pages inside the bound: a huge page reaching past it would take more
 * memory than the bound allows (a 64 KiB memo took 2 MiB). Where huge
 * pages are off, madvise fails and nothing changes. Where the address
 * space is limited (ulimit -v, AFL++'s -m), a bound that cannot be mapped
 * is halved until one can, down to the minimum. */
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
    const size_t page = 4096, huge = (size_t)2 << 20;
    void *p;
    for (;;) {
        m->map_bytes = (m->max_words * sizeof(uint32_t) + page - 1) & ~(page - 1);
        p = mmap(NULL, m->map_bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED)
            break;
        if (m->max_words / 2 < MIN_BYTES / sizeof(uint32_t)) {
            free(m);
            return NULL;
        }
        m->max_words /= 2;
    }
#ifdef MADV_HUGEPAGE
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1);
    uintptr_t hi = ((uintptr_t)p + m->max_words * sizeof(uint32_t)) & ~(uintptr_t)(huge - 1);
    if (lo < hi)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#endif
    m->w = p;
    m->len = 1;
    m->high = 1;
    return m;
}

void fz_memo_free(fz_memo *m)
{
    if (!m)
        return;
    munmap(m->w, m->map_bytes);
    free(m->rec);
    free(m);
}

void fz_memo_get_stats(const fz_memo *m, fz_memo_stats *s)
{
    *s = m->st;
    s->bytes = (m->high + m->rec_cap) * sizeof(uint32_t) + sizeof *m;
    s->tree_bytes = m->len * sizeof(uint32_t);
}

/* ================================================================ nodes */

/* Words the options of a decision node with header h take. */
static inline uint32_t opt_words(uint32_t h)
{
    return (h & H_WIDE) ? H_NOPTS(h) : 1;
}

/* The options opts[0..nopts) in one word, a byte each; false when they
 * do not fit. Unused bytes are 0. */
static inline bool pack_opts(const uint32_t *opts, uint32_t nopts, uint32_t *word)
{
    if (nopts > 4)
        return false;
    uint32_t v = 0, any = 0;
    for (uint32_t k = 0; k < nopts; k++) {
        any |= opts[k];
        v |= opts[k] << (8 * k);
    }
    *word = v;
    return any <= 0xffu;
}

/* Words decision node o (header h) takes: where its inline child is. */
static inline uint32_t node_words(uint32_t h)
{
    return 1 + opt_words(h) + H_NOPTS(h) - 1;
}

/* The word of decision node o (header h) that holds the child of option
 * t, which is not the inline one. */
static inline uint32_t slot(uint32_t h, uint32_t o, uint32_t t)
{
    return o + 1 + opt_words(h) + (t < H_INLINE(h) ? t : t - 1);
}

/* The child of decision node o for option t; 0 when unknown. */
static inline uint32_t child(const uint32_t *w, uint32_t o, uint32_t t)
{
    uint32_t h = w[o];
    return t == H_INLINE(h) ? o + node_words(h) : w[slot(h, o, t)];
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
    uint32_t opts[4];
    while (o) {
        uint32_t h = w[o];
        if (h == 0) {
            uint32_t nc = w[o + 1];
            for (uint32_t i = 0; i < nc; i++) {
                uint32_t e = w[o + 2 + i];
                if ((e >> 8) < n)
                    counters[e >> 8] = (uint8_t)e;
            }
            m->st.hits++;
            return true;
        }
        uint32_t nopts = H_NOPTS(h);
        const uint32_t *op = w + o + 1;
        if (!(h & H_WIDE)) {
            uint32_t v = *op;
            opts[0] = v & 0xffu;
            opts[1] = v >> 8 & 0xffu;
            opts[2] = v >> 16 & 0xffu;
            opts[3] = v >> 24;
            op = opts;
        }
        rt_decision d = {(rt_decision_kind)H_KIND(h), nopts, op, (int32_t)H_KEEP1(h) - 1, index++};
        o = child(w, o, ch->choose(ch, &d) % nopts);
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
    if (m->rec_bad || nopts > MAX_OPTS || d->keep < -1 || d->keep >= (int32_t)nopts ||
        !rec_reserve(m, 2 * (size_t)nopts)) {
        m->rec_bad = true;
        return t;
    }
    uint32_t *p = m->rec + m->rec_len, ow = 1;
    uint32_t h = nopts | (uint32_t)(d->keep + 1) << 8 | ((uint32_t)d->kind & 1u) << 16 | t << 18;
    if (!pack_opts(d->opts, nopts, &p[1])) {
        h |= H_WIDE;
        memcpy(p + 1, d->opts, nopts * sizeof *p);
        ow = nopts;
    }
    p[0] = h;
    for (uint32_t k = 0; k + 1 < nopts; k++)
        p[1 + ow + k] = 0; /* no other children yet */
    m->rec_len += ow + (size_t)nopts;
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

/* The tree's words [0, words) were written: memory taken. */
static inline void note_high(fz_memo *m, size_t words)
{
    if (words > m->high)
        m->high = words;
}

/* Room for more words in the tree, which is mapped up to max_words. */
static bool tree_reserve(fz_memo *m, size_t more)
{
    return m->len + more <= m->max_words;
}

/* The counters set, as leaf words, into out (room for n); returns how many.
 * A word at a time, and within a word only its set bytes: some fifty
 * counters set of 2048. */
static uint32_t counter_words(const uint8_t *c, size_t n, uint32_t *out)
{
    uint32_t k = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, c + i, sizeof word);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word); /* byte j of the 8 in bits 8j..8j+7 */
#endif
        /* bit 7 of each byte of set: that byte is not 0 */
        uint64_t set = ((word & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) | word;
        set &= 0x8080808080808080ull;
        while (set) {
            size_t j = i + (size_t)(__builtin_ctzll(set) >> 3);
            out[k++] = (uint32_t)j << 8 | c[j];
            set &= set - 1;
        }
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

/* Whether decision node o is the recorded decision r: the same point
 * (nopts, keep, kind and options), whichever option each took. */
static bool node_is(const uint32_t *w, uint32_t o, const uint32_t *r)
{
    const uint32_t point = ~(0xffu << 18);
    uint32_t h = w[o];
    return ((h ^ r[0]) & point) == 0 && same_words(w + o + 1, r + 1, opt_words(h));
}

/* Appends the recorded decisions from rec[i] on, then a leaf with the
 * counters, as one chain; returns its first node. Room is reserved. */
static uint32_t append_chain(fz_memo *m, size_t i, const uint8_t *counters, size_t n)
{
    uint32_t *w = m->w;
    uint32_t first = (uint32_t)m->len;
    memcpy(w + m->len, m->rec + i, (m->rec_len - i) * sizeof *w);
    m->len += m->rec_len - i;
    uint32_t *leaf = w + m->len;
    leaf[0] = 0;
    leaf[1] = counter_words(counters, n, leaf + 2);
    m->len += 2 + (size_t)leaf[1];
    return first;
}

int fz_memo_add(fz_memo *m, unsigned root, const uint8_t *counters, size_t n, uint64_t *where)
{
    if (root >= FZ_MEMO_ROOTS || m->rec_bad || n > ((size_t)1 << 24))
        return 0;
    /* The most the new words can take: every decision new, every counter
     * set (and a spare word: the known-path check below counts the
     * counters there). */
    size_t need = m->rec_len + 2 + n + 1;
    if (need > m->max_words / 2) /* would leave room for little else: not kept */
        return 0;
    if (!tree_reserve(m, need)) {
        reset(m);
        if (!tree_reserve(m, need))
            return 0;
    }
    uint32_t *w = m->w;         /* no reallocation from here on */
    uint32_t parent = 0, t = 0; /* o is the child of parent for option t; root's when 0 */
    uint32_t o = m->root[root];
    uint64_t index = 0;
    size_t i = 0;
    for (; o && w[o] && i < m->rec_len; index++) {
        const uint32_t *r = m->rec + i;
        if (!node_is(w, o, r)) {
            *where = index;
            return -1;
        }
        parent = o;
        t = H_INLINE(r[0]);
        o = child(w, o, t);
        i += node_words(r[0]);
    }
    if (o) {
        /* A known path: the end and the counters must agree (an execution
         * added twice). */
        if (w[o] != 0 || i < m->rec_len) {
            *where = index;
            return -1;
        }
        uint32_t *tmp = w + m->len, nc = counter_words(counters, n, tmp);
        note_high(m, m->len + nc);
        if (w[o + 1] != nc || !same_words(w + o + 2, tmp, nc)) {
            *where = index;
            return -1;
        }
        return 0;
    }
    uint32_t first = append_chain(m, i, counters, n);
    if (!parent) {
        m->root[root] = first;
    } else {
        w[slot(w[parent], parent, t)] = first; /* another child of parent */
    }
    note_high(m, m->len);
    m->st.added++;
    return 0;
}
