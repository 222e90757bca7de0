/* test_select.c - select rules S1-S5 of go-semantics.md, run on the runtime.
 *
 * Each test is a small Go program written against rt.h; the Go it stands
 * for is in the comment above it. Expected output is what Go prints
 * (go-semantics.md, gc 1.19 runs in /tmp/goref), never what the runtime
 * printed. Which ready case wins is a decision (S2), so schedule-dependent
 * programs run under many seeds and must only show outcomes Go allows. */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rt_testutil.h"

/* Number of PRNG seeds a schedule-dependent program runs under. */
#define SEEDS 200

static const char DEADLOCK[] = "fatal error: all goroutines are asleep - deadlock!\n";
static const char SEND_CLOSED[] = "panic: send on closed channel\n";

/* ------------------------------------------------------------ helpers */

static void assert_ok(const rt_result *r, const char *out)
{
    cr_assert_eq(r->end, RT_END_RETURN, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 0);
    cr_assert_str_eq(r->err, "");
    cr_assert_str_eq(r->out, out);
}

static void assert_deadlock(const rt_result *r)
{
    cr_assert_eq(r->end, RT_END_FATAL, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->fatal, RT_FATAL_DEADLOCK, "fatal = %d", (int)r->fatal);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->err, DEADLOCK);
}

static void assert_send_closed_panic(const rt_result *r)
{
    cr_assert_eq(r->end, RT_END_PANIC, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->err, SEND_CLOSED);
}

static const rt_gor_info *alive_g(const rt_result *r, uint32_t id)
{
    for (size_t i = 0; i < r->nalive; i++)
        if (r->alive[i].id == id)
            return &r->alive[i];
    return NULL;
}

static rt_select_case recv_case(rt_chan *c)
{
    rt_select_case k = {c, RT_RECV, rt_nil(), false};
    return k;
}

static rt_select_case send_case(rt_chan *c, rt_value v)
{
    rt_select_case k = {c, RT_SEND, v, false};
    return k;
}

static rt_chan *chan_with(int64_t cap, int nvalues)
{
    rt_chan *c = rt_chan_make(cap, rt_int(0));
    for (int i = 0; i < nvalues; i++)
        rt_chan_send(c, rt_int(i + 1));
    return c;
}

static rt_chan *closed_chan(void)
{
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_chan_close(c);
    return c;
}

/* Arguments of the goroutines below. */
struct gargs {
    rt_chan *a, *b, *done;
};

/* A chooser that records the options of every select decision and answers
 * with a fixed index (reduced below nopts). */
#define REC_MAX 16
typedef struct rec_chooser {
    rt_chooser base;
    uint32_t answer;
    size_t n;
    uint32_t kind[REC_MAX];
    uint32_t nopts[REC_MAX];
    uint32_t opts[REC_MAX][8];
} rec_chooser;

static uint32_t rec_choose(rt_chooser *self, const rt_decision *d)
{
    rec_chooser *c = (rec_chooser *)self;
    if (c->n < REC_MAX) {
        c->kind[c->n] = d->kind;
        c->nopts[c->n] = d->nopts;
        for (uint32_t i = 0; i < d->nopts && i < 8; i++)
            c->opts[c->n][i] = d->opts[i];
    }
    c->n++;
    return c->answer % d->nopts;
}

static rt_result run_recording(rec_chooser *c, uint32_t answer, rt_fn main_fn)
{
    memset(c, 0, sizeof *c);
    c->base.choose = rec_choose;
    c->answer = answer;
    rt_config cfg = {0};
    cfg.chooser = &c->base;
    return tu_run_cfg(&cfg, main_fn, NULL);
}

/* ------------------------------------------------------------ S1 operands */

/* S1: go func() { select { case c <- 7: case <-nilc: }; done <- 0 }(); fmt.Println(<-c)
 * The value given in the send case is the one delivered. */
static void select_sender(void *arg)
{
    struct gargs *a = arg;
    rt_select_case cases[2] = {send_case(a->a, rt_int(7)), recv_case(NULL)};
    int k = rt_select(cases, 2, false);
    rt_chan_send(a->done, rt_int(k));
}

static void main_select_send_value(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, rt_chan_make(1, rt_int(0))};
    rt_go(select_sender, &a, sizeof a);
    tu_printf("received %lld\n", (long long)rt_chan_recv(a.a, NULL).i);
    tu_printf("case %lld\n", (long long)rt_chan_recv(a.done, NULL).i);
}

Test(select, send_case_delivers_the_value_evaluated_on_entry)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_select_send_value, NULL, seed);
        assert_ok(&r, "received 7\ncase 0\n");
    }
}

/* S1: the left-hand side of a receive case is assigned only for the chosen
 * case: select { case x, ok = <-empty: case y, ok2 = <-ready: } leaves x alone. */
static void main_only_chosen_case_filled(void *arg)
{
    (void)arg;
    rt_chan *empty = rt_chan_make(1, rt_int(0));
    rt_chan *ready = rt_chan_make(1, rt_int(0));
    rt_chan_send(ready, rt_int(5));
    rt_select_case cases[2] = {recv_case(empty), recv_case(ready)};
    cases[0].val = rt_int(-99);
    cases[0].ok = true;
    int k = rt_select(cases, 2, false);
    tu_printf("case %d\n", k);
    tu_printf("untouched %lld %s\n", (long long)cases[0].val.i, cases[0].ok ? "true" : "false");
    tu_printf("chosen %lld %s\n", (long long)cases[1].val.i, cases[1].ok ? "true" : "false");
}

Test(select, receive_result_is_stored_only_for_the_chosen_case)
{
    rt_result r = tu_run(main_only_chosen_case_filled, NULL);
    assert_ok(&r, "case 1\nuntouched -99 true\nchosen 5 true\n");
}

/* ------------------------------------------------------------ S2 choice among ready cases */

/* S2: a, b := make(chan int, 1), make(chan int, 1); a <- 1; b <- 2
 *     2000 times: select { case <-a: n0++; a <- 1  case <-b: n1++; b <- 2 }
 * Uniform pseudo-random choice: both counts near 1000. */
#define S2_ROUNDS 2000
static int g_count[2];

static void main_uniform(void *arg)
{
    (void)arg;
    g_count[0] = g_count[1] = 0;
    rt_chan *ch[2] = {chan_with(1, 1), chan_with(1, 1)};
    for (int i = 0; i < S2_ROUNDS; i++) {
        rt_select_case cases[2] = {recv_case(ch[0]), recv_case(ch[1])};
        int k = rt_select(cases, 2, false);
        if (k < 0 || k > 1)
            return;
        g_count[k]++;
        rt_chan_send(ch[k], rt_int(1));
    }
}

Test(select, ready_cases_are_chosen_uniformly_at_random)
{
    rt_result r = tu_run_seed(main_uniform, NULL, 1);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    cr_assert_eq(g_count[0] + g_count[1], S2_ROUNDS);
    /* 4.5 standard deviations either side of 1000. */
    cr_assert(g_count[0] >= 900 && g_count[0] <= 1100, "counts %d/%d", g_count[0], g_count[1]);
}

/* S2: select { case <-a: case b <- 1: default: fmt.Println("default") }
 * with a empty and b unbuffered without receiver. */
static void main_default(void *arg)
{
    (void)arg;
    rt_select_case cases[2] = {recv_case(rt_chan_make(1, rt_int(0))),
                               send_case(rt_chan_make(0, rt_int(0)), rt_int(1))};
    tu_printf("%d\n", rt_select(cases, 2, true));
}

Test(select, default_runs_when_no_case_can_proceed)
{
    rt_result r = tu_run(main_default, NULL);
    assert_ok(&r, "-1\n");
}

/* S2: go func() { time.Sleep(5); b <- 9 }()
 *     select { case <-a: case v := <-b: fmt.Println(1, v, now()) } */
static void sleep_then_send_b(void *arg)
{
    struct gargs *a = arg;
    rt_sleep(5);
    rt_chan_send(a->b, rt_int(9));
}

static void main_select_blocks(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_int(0)), NULL};
    rt_go(sleep_then_send_b, &a, sizeof a);
    rt_select_case cases[2] = {recv_case(a.a), recv_case(a.b)};
    int k = rt_select(cases, 2, false);
    tu_printf("case %d value %lld at %lld\n", k, (long long)cases[k < 0 ? 0 : k].val.i,
              (long long)rt_now());
}

Test(select, select_without_default_blocks_until_a_case_can_proceed)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_select_blocks, NULL, seed);
        assert_ok(&r, "case 1 value 9 at 5\n");
    }
}

/* S2: close(c); select { case v, ok := <-c: print(v, ok)  default: print("default") } */
static void main_closed_beats_default(void *arg)
{
    (void)arg;
    rt_select_case cases[1] = {recv_case(closed_chan())};
    cases[0].ok = true;
    int k = rt_select(cases, 1, true);
    tu_printf("case %d %lld %s\n", k, (long long)cases[0].val.i, cases[0].ok ? "true" : "false");
}

Test(select, receive_on_closed_channel_is_ready_and_beats_default)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_closed_beats_default, NULL, seed);
        assert_ok(&r, "case 0 0 false\n");
    }
}

/* S2: c := make(chan int, 1); close(c); select { case c <- 1: default: }
 * (gc: panics with "send on closed channel", never takes the default) */
static void main_send_closed_vs_default(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_chan_close(c);
    rt_select_case cases[1] = {send_case(c, rt_int(1))};
    int k = rt_select(cases, 1, true);
    tu_printf("case %d\n", k);
}

Test(select, send_on_closed_channel_is_ready_and_panics_instead_of_default)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_send_closed_vs_default, NULL, seed);
        assert_send_closed_panic(&r);
        cr_assert_str_eq(r.out, "");
    }
}

/* S2: close(c); select { case c <- 1: case v := <-ready: fmt.Println("ready", v) }
 * Both cases can proceed: some runs panic, others take the ready receive. */
static void main_send_closed_vs_ready(void *arg)
{
    (void)arg;
    rt_select_case cases[2] = {send_case(closed_chan(), rt_int(1)), recv_case(chan_with(1, 1))};
    int k = rt_select(cases, 2, false);
    tu_printf("case %d\n", k);
}

Test(select, send_on_closed_channel_competes_with_other_ready_cases)
{
    int panics = 0, receives = 0;
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_send_closed_vs_ready, NULL, seed);
        if (r.end == RT_END_PANIC) {
            assert_send_closed_panic(&r);
            panics++;
        } else {
            assert_ok(&r, "case 1\n");
            receives++;
        }
    }
    cr_assert_gt(panics, 0);
    cr_assert_gt(receives, 0);
}

/* S2, S3: the decision offers exactly the ready cases, in ascending order,
 * and the answer picks among them:
 *   select { case <-nilc: case <-a (ready): case <-b (empty):
 *            case d <- 1 (room): case <-e (closed): } */
static void main_decision_options(void *arg)
{
    (void)arg;
    rt_chan *d = rt_chan_make(1, rt_int(0));
    rt_select_case cases[5] = {
        recv_case(NULL),         recv_case(chan_with(1, 1)), recv_case(rt_chan_make(1, rt_int(0))),
        send_case(d, rt_int(1)), recv_case(closed_chan()),
    };
    int k = rt_select(cases, 5, false);
    tu_printf("case %d len(d) %lld\n", k, (long long)rt_chan_len(d));
}

Test(select, decision_offers_only_the_ready_cases_in_ascending_order)
{
    static const char *const expect[3] = {"case 1 len(d) 0\n", "case 3 len(d) 1\n",
                                          "case 4 len(d) 0\n"};
    for (uint32_t answer = 0; answer < 3; answer++) {
        rec_chooser c;
        rt_result r = run_recording(&c, answer, main_decision_options);
        assert_ok(&r, expect[answer]);
        cr_assert_eq(c.n, 1, "decisions asked: %zu", c.n);
        cr_assert_eq(c.kind[0], RT_DEC_SELECT);
        cr_assert_eq(c.nopts[0], 3);
        cr_assert_eq(c.opts[0][0], 1);
        cr_assert_eq(c.opts[0][1], 3);
        cr_assert_eq(c.opts[0][2], 4);
    }
}

/* ------------------------------------------------------------ S3 nil channels */

/* S3: var a, b chan int; select { case <-a: case b <- 1: default: fmt.Println("default") } */
static void main_nil_cases_default(void *arg)
{
    (void)arg;
    rt_select_case cases[2] = {recv_case(NULL), send_case(NULL, rt_int(1))};
    tu_printf("%d\n", rt_select(cases, 2, true));
}

Test(select, nil_channel_cases_are_never_ready)
{
    rt_result r = tu_run(main_nil_cases_default, NULL);
    assert_ok(&r, "-1\n");
}

/* S3: select { case <-nilc: case v := <-ready: } always takes the ready case. */
static void main_nil_vs_ready(void *arg)
{
    (void)arg;
    rt_select_case cases[2] = {recv_case(NULL), recv_case(chan_with(1, 1))};
    tu_printf("%d\n", rt_select(cases, 2, false));
}

Test(select, nil_channel_case_loses_to_a_ready_case_under_every_schedule)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_nil_vs_ready, NULL, seed);
        assert_ok(&r, "1\n");
    }
}

/* S3, K1: var a, b chan int; select { case <-a: case b <- 1: }
 * (gc: deadlock, "goroutine 1 [select]") */
static void main_nil_cases_block(void *arg)
{
    (void)arg;
    rt_select_case cases[2] = {recv_case(NULL), send_case(NULL, rt_int(1))};
    rt_select(cases, 2, false);
}

Test(select, select_of_only_nil_cases_blocks_forever)
{
    rt_result r = tu_run(main_nil_cases_block, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_SELECT);
}

/* S3, K1: select {}   (gc: deadlock, "[select (no cases)]") */
static void main_empty_select(void *arg)
{
    (void)arg;
    rt_select(NULL, 0, false);
}

Test(select, empty_select_blocks_forever)
{
    rt_result r = tu_run(main_empty_select, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_SELECT_EMPTY);
}

/* ------------------------------------------------------------ S4 close wakes a select */

/* S4: go func() { select { case <-a: case v, ok := <-b: print(1, v, ok) }; done <- {} }()
 *     time.Sleep(1); close(b); <-done */
static void select_receiver(void *arg)
{
    struct gargs *a = arg;
    rt_select_case cases[2] = {recv_case(a->a), recv_case(a->b)};
    cases[1].ok = true;
    int k = rt_select(cases, 2, false);
    tu_printf("case %d %lld %s\n", k, (long long)cases[1].val.i, cases[1].ok ? "true" : "false");
    rt_chan_send(a->done, rt_empty());
}

static void main_close_wakes_select_recv(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_int(0)),
                      rt_chan_make(0, rt_empty())};
    rt_go(select_receiver, &a, sizeof a);
    rt_sleep(1);
    rt_chan_close(a.b);
    rt_chan_recv(a.done, NULL);
}

Test(select, close_wakes_a_blocked_select_receive_with_zero_false)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_close_wakes_select_recv, NULL, seed);
        assert_ok(&r, "case 1 0 false\n");
    }
}

/* S4, C6: go func() { select { case <-a: case b <- 1: } }()
 *     time.Sleep(1); close(b); time.Sleep(10); fmt.Println("main done") */
static void select_sender_blocked(void *arg)
{
    struct gargs *a = arg;
    rt_select_case cases[2] = {recv_case(a->a), send_case(a->b, rt_int(1))};
    int k = rt_select(cases, 2, false);
    tu_printf("select returned %d\n", k);
}

static void main_close_wakes_select_send(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_int(0)), NULL};
    rt_go(select_sender_blocked, &a, sizeof a);
    rt_sleep(1);
    rt_chan_close(a.b);
    rt_sleep(10);
    tu_printf("main done\n");
}

Test(select, close_wakes_a_blocked_select_send_which_panics)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_close_wakes_select_send, NULL, seed);
        assert_send_closed_panic(&r);
        cr_assert_str_eq(r.out, "");
    }
}

/* ------------------------------------------------------------ S5 misc */

/* S5: c := make(chan int, 1); c <- 1
 *     select { case <-c: print(0) case <-c: print(1) }
 *     select { case <-c: print("again") default: print("empty") }
 * One channel in two cases: either may win, one value is consumed. */
static void main_duplicate_channel(void *arg)
{
    (void)arg;
    rt_chan *c = chan_with(1, 1);
    rt_select_case cases[2] = {recv_case(c), recv_case(c)};
    tu_printf("%d\n", rt_select(cases, 2, false));
    rt_select_case again[1] = {recv_case(c)};
    tu_printf("%s\n", rt_select(again, 1, true) < 0 ? "empty" : "again");
}

Test(select, same_channel_in_two_cases_gives_one_value_to_either_case)
{
    int seen[2] = {0, 0};
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_duplicate_channel, NULL, seed);
        cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
        if (strcmp(r.out, "0\nempty\n") == 0)
            seen[0]++;
        else if (strcmp(r.out, "1\nempty\n") == 0)
            seen[1]++;
        else
            cr_assert_fail("seed %llu: out = %s", (unsigned long long)seed, r.out);
    }
    cr_assert_gt(seen[0], 0);
    cr_assert_gt(seen[1], 0);
}

/* S5: c := make(chan int); select { case c <- 1: case <-c: default: fmt.Println("default") }
 * (gc: "default": a select never pairs with itself) */
static void main_self_select_default(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_select_case cases[2] = {send_case(c, rt_int(1)), recv_case(c)};
    tu_printf("%d\n", rt_select(cases, 2, true));
}

Test(select, select_never_pairs_with_itself)
{
    rt_result r = tu_run(main_self_select_default, NULL);
    assert_ok(&r, "-1\n");
}

/* S5, K1: the same select without default, alone, deadlocks. */
static void main_self_select_block(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_select_case cases[2] = {send_case(c, rt_int(1)), recv_case(c)};
    rt_select(cases, 2, false);
}

Test(select, lone_select_sending_and_receiving_on_one_channel_deadlocks)
{
    rt_result r = tu_run(main_self_select_block, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_SELECT);
}

/* S2, C2: two goroutines blocked in selects on one unbuffered channel pair up:
 *   go func() { select { case c <- 1: case <-never1: }; done <- {} }()
 *   select { case v := <-c: print(0, v) case <-never2: }; <-done */
static void select_send_to_a(void *arg)
{
    struct gargs *a = arg;
    rt_select_case cases[2] = {send_case(a->a, rt_int(1)), recv_case(rt_chan_make(0, rt_int(0)))};
    int k = rt_select(cases, 2, false);
    tu_printf("sender case %d\n", k);
    rt_chan_send(a->done, rt_empty());
}

static void main_two_selects_pair(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, rt_chan_make(0, rt_empty())};
    rt_go(select_send_to_a, &a, sizeof a);
    rt_select_case cases[2] = {recv_case(a.a), recv_case(rt_chan_make(0, rt_int(0)))};
    int k = rt_select(cases, 2, false);
    rt_chan_recv(a.done, NULL);
    tu_printf("receiver case %d value %lld\n", k, (long long)cases[0].val.i);
}

Test(select, blocked_send_and_receive_selects_pair_with_each_other)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_two_selects_pair, NULL, seed);
        assert_ok(&r, "sender case 0\nreceiver case 0 value 1\n");
    }
}
