/* prodcons.c - example_prodcons: a producer/consumer with a close race,
 * written directly against the runtime's public API (rt.h), explored over
 * many seeded schedules.
 *
 * It is the C form of this Go program:
 *
 *     func main() {
 *         ch := make(chan int)
 *         var wg sync.WaitGroup
 *         wg.Add(2)
 *         go func() {              // producer: sends 1, 2, 3, then closes
 *             defer wg.Done()
 *             for i := 1; i <= 3; i++ { ch <- i }
 *             close(ch)
 *         }()
 *         go func() {              // late sender: nobody waits for it, and
 *             ch <- 100            // nothing orders its send before the close
 *         }()
 *         go func() {              // consumer
 *             defer wg.Done()
 *             for v := range ch { fmt.Println("got", v) }
 *         }()
 *         wg.Wait()
 *         fmt.Println("done")
 *     }
 *
 * Whether it works depends on the schedule: the late send may land before
 * the close (100 is printed), after it ("panic: send on closed channel",
 * exit 2), or never (main returns first). examples/README.md lists the
 * outcomes Go's rules allow.
 *
 * Usage:
 *   example_prodcons [SEEDS]    run seeds 0..SEEDS-1 (default 1000) with
 *                               rt_prng_chooser and group the executions by
 *                               (stdout, stderr, exit code)
 *   example_prodcons --seed N   run seed N once and reproduce its stdout,
 *                               stderr and exit code
 * Output is deterministic: the same SEEDS always prints the same report. */
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the program */

/* What the goroutines share; it lives in rt_alloc() memory, freed with the
 * execution. */
typedef struct shared {
    rt_chan *ch;
    rt_waitgroup *wg;
} shared;

/* rt_go and rt_defer copy their argument bytes: pass the pointer. */
typedef struct shared_arg {
    shared *s;
} shared_arg;

/* fmt.Println(a ...) for the line "got N". */
static void print_got(int64_t v)
{
    char line[48];
    int n = snprintf(line, sizeof line, "got %lld\n", (long long)v);
    rt_write(1, line, (size_t)n);
}

/* The deferred wg.Done(). */
static void wg_done_deferred(void *arg)
{
    rt_wg_done(((shared_arg *)arg)->s->wg);
}

static void producer(void *arg)
{
    shared *s = ((shared_arg *)arg)->s;
    rt_defer(wg_done_deferred, arg, sizeof(shared_arg));
    for (int64_t i = 1; i <= 3; i++)
        rt_chan_send(s->ch, rt_int(i));
    rt_chan_close(s->ch);
}

/* Not counted in the WaitGroup: that is the bug this example is about. */
static void late_sender(void *arg)
{
    shared *s = ((shared_arg *)arg)->s;
    rt_chan_send(s->ch, rt_int(100));
}

static void consumer(void *arg)
{
    shared *s = ((shared_arg *)arg)->s;
    rt_defer(wg_done_deferred, arg, sizeof(shared_arg));
    for (;;) { /* for v := range ch */
        bool ok;
        rt_value v = rt_chan_recv(s->ch, &ok);
        if (!ok)
            break;
        print_got(v.i);
    }
}

static void prog_main(void *arg)
{
    (void)arg;
    shared *s = rt_alloc(sizeof *s);
    s->ch = rt_chan_make(0, rt_int(0));
    s->wg = rt_wg_new();
    rt_wg_add(s->wg, 2);
    shared_arg sa = {s};
    rt_go(producer, &sa, sizeof sa);
    rt_go(late_sender, &sa, sizeof sa);
    rt_go(consumer, &sa, sizeof sa);
    rt_wg_wait(s->wg);
    rt_write(1, "done\n", 5);
}

/* ------------------------------------------------------------ exploration */

/* One distinct outcome: its key, how often it happened, the first seed. */
typedef struct outcome {
    char *out, *err;
    size_t out_len, err_len;
    int exit_code;
    rt_end end; /* of the first execution, for the report */
    unsigned long count;
    unsigned long long seed;
} outcome;

static char *dup_bytes(const char *p, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) {
        fprintf(stderr, "example_prodcons: out of memory\n");
        exit(1);
    }
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

/* Runs seed once; exits on a runtime error (not an outcome of the program). */
static void run_seed(unsigned long long seed, rt_result *res)
{
    rt_prng_chooser ch;
    rt_prng_chooser_init(&ch, seed);
    rt_config cfg = {.chooser = &ch.base};
    int rc = rt_run(&cfg, prog_main, NULL, res);
    if (rc < 0) {
        fprintf(stderr, "example_prodcons: rt_run: %s\n", rt_strerror(rc));
        exit(1);
    }
}

static bool same_outcome(const outcome *o, const rt_result *r)
{
    return o->exit_code == r->exit_code && o->out_len == r->out_len && o->err_len == r->err_len &&
           memcmp(o->out, r->out, r->out_len) == 0 && memcmp(o->err, r->err, r->err_len) == 0;
}

/* Most frequent first; ties by the seed that first showed it. */
static int by_count(const void *pa, const void *pb)
{
    const outcome *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a->seed < b->seed ? -1 : a->seed > b->seed;
}

/* Prints text as indented lines, or "(empty)". */
static void print_block(const char *name, const char *text, size_t len)
{
    if (len == 0) {
        printf("  %s: (empty)\n", name);
        return;
    }
    printf("  %s:\n", name);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        printf("    %.*s\n", (int)(j - i), text + i);
        i = j + 1;
    }
    if (text[len - 1] != '\n')
        printf("    (no newline at end)\n");
}

static int explore(unsigned long long seeds)
{
    outcome *os = NULL;
    size_t n = 0, cap = 0;
    for (unsigned long long seed = 0; seed < seeds; seed++) {
        rt_result r;
        run_seed(seed, &r);
        size_t i = 0;
        while (i < n && !same_outcome(&os[i], &r))
            i++;
        if (i == n) {
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                os = realloc(os, cap * sizeof *os);
                if (!os) {
                    fprintf(stderr, "example_prodcons: out of memory\n");
                    return 1;
                }
            }
            os[n++] = (outcome){dup_bytes(r.out, r.out_len),
                                dup_bytes(r.err, r.err_len),
                                r.out_len,
                                r.err_len,
                                r.exit_code,
                                r.end,
                                0,
                                seed};
        }
        os[i].count++;
    }
    qsort(os, n, sizeof *os, by_count);
    printf("prodcons: %llu seeds, %zu distinct outcomes\n", seeds, n);
    for (size_t i = 0; i < n; i++) {
        printf("\noutcome %zu: %lu runs (%.1f%%), exit code %d (%s), reproduce with --seed %llu\n",
               i + 1, os[i].count, 100.0 * (double)os[i].count / (double)seeds, os[i].exit_code,
               rt_end_name(os[i].end), os[i].seed);
        print_block("stdout", os[i].out, os[i].out_len);
        print_block("stderr", os[i].err, os[i].err_len);
        free(os[i].out);
        free(os[i].err);
    }
    free(os);
    rt_shutdown();
    return 0;
}

/* Replays one seed as the Go program would run: same stdout, stderr, exit code. */
static int replay(unsigned long long seed)
{
    rt_result r;
    run_seed(seed, &r);
    fwrite(r.out, 1, r.out_len, stdout);
    fwrite(r.err, 1, r.err_len, stderr);
    int code = r.exit_code;
    rt_shutdown();
    return code < 0 ? 1 : code;
}

static bool parse_count(const char *s, unsigned long long *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    *v = strtoull(s, &end, 10);
    return *end == '\0';
}

int main(int argc, char **argv)
{
    unsigned long long v = 1000;
    if (argc == 3 && strcmp(argv[1], "--seed") == 0 && parse_count(argv[2], &v))
        return replay(v);
    if (argc == 1 || (argc == 2 && parse_count(argv[1], &v) && v > 0))
        return explore(v);
    fprintf(stderr, "usage: %s [SEEDS]\n       %s --seed N\n", argv[0], argv[0]);
    return 2;
}
