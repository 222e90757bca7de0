/* test_sync.c - WaitGroup (W1, W2, W4), Mutex (M1-M3, K3), RWMutex and Once
 * rules of go-semantics.md, run on the runtime.
 *
 * Each test is a small Go program written against rt.h; the Go it stands
 * for is in the comment above it. Expected output is what Go prints
 * (go-semantics.md, gc 1.19 runs in /tmp/goref), never what the runtime
 * printed. Schedule-dependent programs run under many PRNG seeds. */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rt_testutil.h"

/* Number of PRNG seeds a schedule-dependent program runs under. */
#define SEEDS 200

static const char DEADLOCK[] = "fatal error: all goroutines are asleep - deadlock!\n";

/* ------------------------------------------------------------ helpers */

static void assert_ok(const rt_result *r, const char *out)
{
    cr_assert_eq(r->end, RT_END_RETURN, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 0);
    cr_assert_str_eq(r->err, "");
    cr_assert_str_eq(r->out, out);
}

static void assert_panic(const rt_result *r, const char *out, const char *err)
{
    cr_assert_eq(r->end, RT_END_PANIC, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->out, out);
    cr_assert_str_eq(r->err, err);
}

/* A fatal error: exit 2, only the message line (GOTRACEBACK=none), no
 * deferred call ran (X4). */
static void assert_fatal(const rt_result *r, rt_fatal_kind kind, const char *err)
{
    cr_assert_eq(r->end, RT_END_FATAL, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->fatal, kind, "fatal = %d", (int)r->fatal);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->err, err);
    cr_assert_str_eq(r->out, "");
}

static void assert_deadlock(const rt_result *r)
{
    assert_fatal(r, RT_FATAL_DEADLOCK, DEADLOCK);
}

static const rt_gor_info *alive_g(const rt_result *r, uint32_t id)
{
    for (size_t i = 0; i < r->nalive; i++)
        if (r->alive[i].id == id)
            return &r->alive[i];
    return NULL;
}

static const char *kind_name(rt_value v)
{
    switch ((rt_vkind)v.kind) {
    case RT_V_NIL:
        return "nil";
    case RT_V_INT:
        return "int";
    case RT_V_BOOL:
        return "bool";
    case RT_V_STR:
        return "string";
    case RT_V_ERROR:
        return "error";
    case RT_V_RTERROR:
        return "runtime.Error";
    case RT_V_TEXT:
        return "text";
    case RT_V_EMPTY:
        return "struct{}";
    }
    return "?";
}

/* defer func() { r := recover(); fmt.Printf("recovered %T: %v\n", r, r) }() */
static void print_recovered(void *arg)
{
    (void)arg;
    rt_value v = rt_recover();
    tu_printf("recovered %s: %.*s\n", kind_name(v), (int)v.n, v.s ? v.s : "");
}

/* defer func() { recover() }() */
static void silent_recover(void *arg)
{
    (void)arg;
    rt_recover();
}

struct guard {
    rt_fn fn;
    void *arg;
};

static void guarded_body(void *arg)
{
    const struct guard *g = arg;
    rt_defer(print_recovered, NULL, 0);
    g->fn(g->arg);
}

/* func() { defer print_recovered(); fn(arg) }() */
static void call_guarded(rt_fn fn, void *arg)
{
    struct guard g = {fn, arg};
    rt_call(guarded_body, &g);
}

/* defer fmt.Println(text) */
static void print_text(void *arg)
{
    tu_printf("%s\n", *(const char *const *)arg);
}

static void defer_print(const char *text)
{
    rt_defer(print_text, &text, sizeof text);
}

/* Shared objects handed to goroutines. */
struct gargs {
    rt_waitgroup *wg;
    rt_waitgroup *wg2;
    rt_mutex *mu;
    rt_rwmutex *rw;
    rt_once *once;
    rt_chan *c;
    int id;
};

/* Goroutine ids recorded by the goroutines themselves, by role. */
static uint32_t g_ids[4];

/* ------------------------------------------------------------ W1 WaitGroup basics */

/* W1: wg.Add(3); for i := 0; i < 3; i++ { go func() { n++; wg.Done() }() }
 *     wg.Wait(); fmt.Println(n) */
static int g_n;

static void inc_and_done(void *arg)
{
    struct gargs *a = arg;
    rt_gosched();
    g_n++;
    rt_wg_done(a->wg);
}

static void main_wg_basic(void *arg)
{
    (void)arg;
    g_n = 0;
    struct gargs a = {.wg = rt_wg_new()};
    rt_wg_add(a.wg, 3);
    for (int i = 0; i < 3; i++)
        rt_go(inc_and_done, &a, sizeof a);
    rt_wg_wait(a.wg);
    tu_printf("%d\n", g_n);
}

Test(sync, waitgroup_wait_returns_after_every_done)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_wg_basic, NULL, seed);
        assert_ok(&r, "3\n");
    }
}

/* W1: var wg sync.WaitGroup; wg.Wait(); fmt.Println("ok")   (counter 0: returns at once) */
static void main_wg_zero(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_wait(wg);
    rt_wg_add(wg, 2);
    rt_wg_add(wg, -2);
    rt_wg_wait(wg);
    tu_printf("ok\n");
}

Test(sync, waitgroup_wait_on_zero_counter_returns_at_once)
{
    rt_result r = tu_run(main_wg_zero, NULL);
    assert_ok(&r, "ok\n");
}

/* W1: wg.Add(1); three goroutines { wg.Wait(); released++; wg2.Done() };
 *     time.Sleep(1); wg.Done(); wg2.Wait(); fmt.Println(released) */
static void waiter(void *arg)
{
    struct gargs *a = arg;
    rt_wg_wait(a->wg);
    g_n++;
    rt_wg_done(a->wg2);
}

static void main_wg_many_waiters(void *arg)
{
    (void)arg;
    g_n = 0;
    struct gargs a = {.wg = rt_wg_new(), .wg2 = rt_wg_new()};
    rt_wg_add(a.wg, 1);
    rt_wg_add(a.wg2, 3);
    for (int i = 0; i < 3; i++)
        rt_go(waiter, &a, sizeof a);
    rt_sleep(1);
    tu_printf("released before Done: %d\n", g_n);
    rt_wg_done(a.wg);
    rt_wg_wait(a.wg2);
    tu_printf("released after Done: %d\n", g_n);
}

Test(sync, waitgroup_counter_reaching_zero_releases_every_waiter)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_wg_many_waiters, NULL, seed);
        assert_ok(&r, "released before Done: 0\nreleased after Done: 3\n");
    }
}

/* ------------------------------------------------------------ W2 negative counter */

/* W2: defer fmt.Println("deferred"); var wg sync.WaitGroup; wg.Add(-1)
 * (gc: "panic: sync: negative WaitGroup counter", exit 2; defers run) */
static void main_wg_negative(void *arg)
{
    (void)arg;
    defer_print("deferred");
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, -1);
    tu_printf("unreachable\n");
}

Test(sync, waitgroup_negative_counter_panics)
{
    rt_result r = tu_run(main_wg_negative, NULL);
    assert_panic(&r, "deferred\n", "panic: sync: negative WaitGroup counter\n");
}

/* W2, R8: the panic is ordinary and its value is a string
 * (gc printed "string|sync: negative WaitGroup counter"). */
static void done_on_zero(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_done(wg);
}

static void main_wg_negative_recovered(void *arg)
{
    (void)arg;
    call_guarded(done_on_zero, NULL);
    tu_printf("after\n");
}

Test(sync, waitgroup_negative_counter_panic_is_recoverable_string)
{
    rt_result r = tu_run(main_wg_negative_recovered, NULL);
    assert_ok(&r, "recovered string: sync: negative WaitGroup counter\nafter\n");
}

/* ------------------------------------------------------------ W4 Wait forever */

/* W4, K1: var wg sync.WaitGroup; wg.Add(1); wg.Wait()   (gc: deadlock) */
static void main_wg_forever(void *arg)
{
    (void)arg;
    defer_print("deferred");
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, 1);
    rt_wg_wait(wg);
}

Test(sync, waitgroup_wait_blocked_forever_is_a_deadlock)
{
    rt_result r = tu_run(main_wg_forever, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_WG);
}

/* ------------------------------------------------------------ M1 Mutex */

/* M1: three goroutines, each three times: mu.Lock(); t := n; runtime.Gosched();
 *     n = t + 1; mu.Unlock(). With the lock n ends at 9 under every schedule;
 *     without it some schedule loses an update (so the check can fail). */
static void incrementer(void *arg)
{
    struct gargs *a = arg;
    for (int k = 0; k < 3; k++) {
        if (a->mu)
            rt_mutex_lock(a->mu);
        int t = g_n;
        rt_gosched();
        g_n = t + 1;
        if (a->mu)
            rt_mutex_unlock(a->mu);
    }
    rt_wg_done(a->wg);
}

static void main_counter(void *arg)
{
    bool locked = *(const bool *)arg;
    g_n = 0;
    struct gargs a = {.wg = rt_wg_new(), .mu = locked ? rt_mutex_new() : NULL};
    rt_wg_add(a.wg, 3);
    for (int i = 0; i < 3; i++)
        rt_go(incrementer, &a, sizeof a);
    rt_wg_wait(a.wg);
    tu_printf("%d\n", g_n);
}

Test(sync, mutex_makes_read_modify_write_atomic)
{
    bool locked = true;
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_counter, &locked, seed);
        assert_ok(&r, "9\n");
    }
}

Test(sync, without_mutex_some_schedule_loses_an_update)
{
    bool locked = false;
    int lost = 0;
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_counter, &locked, seed);
        cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
        if (strcmp(r.out, "9\n") != 0)
            lost++;
    }
    cr_assert_gt(lost, 0);
}

/* M1: mu.Lock(); go func() { mu.Unlock(); done <- true }(); mu.Lock()
 *     fmt.Println("relocked"); <-done   (gc: "relocked"; a Mutex has no owner) */
static void unlocker(void *arg)
{
    struct gargs *a = arg;
    rt_mutex_unlock(a->mu);
    rt_chan_send(a->c, rt_bool(true));
}

static void main_foreign_unlock(void *arg)
{
    (void)arg;
    struct gargs a = {.mu = rt_mutex_new(), .c = rt_chan_make(0, rt_bool(false))};
    rt_mutex_lock(a.mu);
    rt_go(unlocker, &a, sizeof a);
    rt_mutex_lock(a.mu);
    tu_printf("relocked\n");
    rt_chan_recv(a.c, NULL);
}

Test(sync, mutex_may_be_unlocked_by_another_goroutine)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_foreign_unlock, NULL, seed);
        assert_ok(&r, "relocked\n");
    }
}

/* M1: TryLock succeeds on an unlocked mutex and fails on a locked one. */
static void main_trylock(void *arg)
{
    (void)arg;
    rt_mutex *mu = rt_mutex_new();
    tu_printf("%d ", rt_mutex_trylock(mu));
    tu_printf("%d ", rt_mutex_trylock(mu));
    rt_mutex_unlock(mu);
    tu_printf("%d\n", rt_mutex_trylock(mu));
}

Test(sync, trylock_fails_only_while_the_mutex_is_locked)
{
    rt_result r = tu_run(main_trylock, NULL);
    assert_ok(&r, "1 0 1\n");
}

/* M1, K1: mu.Lock(); go func() { mu.Lock() }(); time.Sleep(1); <-c  -> deadlock;
 * the goroutine waits in Mutex.Lock. */
static void locker(void *arg)
{
    struct gargs *a = arg;
    g_ids[a->id] = rt_goid();
    rt_mutex_lock(a->mu);
    tu_printf("unreachable\n");
}

static void main_lock_blocks(void *arg)
{
    (void)arg;
    memset(g_ids, 0, sizeof g_ids);
    struct gargs a = {.mu = rt_mutex_new(), .c = rt_chan_make(0, rt_int(0)), .id = 1};
    rt_mutex_lock(a.mu);
    rt_go(locker, &a, sizeof a);
    rt_sleep(1);
    rt_chan_recv(a.c, NULL);
}

Test(sync, lock_blocks_while_another_goroutine_holds_the_mutex)
{
    rt_result r = tu_run(main_lock_blocks, NULL);
    assert_deadlock(&r);
    const rt_gor_info *g = alive_g(&r, g_ids[1]);
    cr_assert_not_null(g);
    cr_assert_eq(g->wait, RT_WAIT_MUTEX);
}

/* ------------------------------------------------------------ K3 not reentrant */

/* K3: var mu sync.Mutex; mu.Lock(); mu.Lock()   (gc: deadlock) */
static void main_lock_twice(void *arg)
{
    (void)arg;
    defer_print("deferred");
    rt_mutex *mu = rt_mutex_new();
    rt_mutex_lock(mu);
    rt_mutex_lock(mu);
}

Test(sync, mutex_is_not_reentrant_locking_twice_deadlocks)
{
    rt_result r = tu_run(main_lock_twice, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_MUTEX);
}

/* ------------------------------------------------------------ M2 unlock of unlocked */

/* M2: var mu sync.Mutex; defer fmt.Println("deferred println"); defer func() { recover() }()
 *     mu.Unlock()
 * (gc: "fatal error: sync: unlock of unlocked mutex", exit 2, nothing on stdout) */
static void main_unlock_unlocked(void *arg)
{
    (void)arg;
    rt_mutex *mu = rt_mutex_new();
    defer_print("deferred println");
    rt_defer(silent_recover, NULL, 0);
    rt_mutex_unlock(mu);
    tu_printf("unreachable\n");
}

Test(sync, unlock_of_unlocked_mutex_is_fatal_unrecoverable_and_skips_defers)
{
    rt_result r = tu_run(main_unlock_unlocked, NULL);
    assert_fatal(&r, RT_FATAL_UNLOCK, "fatal error: sync: unlock of unlocked mutex\n");
}

/* M2: a second Unlock in a goroutine, after Lock/Unlock, is fatal too and
 * ends the whole program: go func() { defer recover...; mu.Lock(); mu.Unlock(); mu.Unlock() }() */
static void double_unlocker(void *arg)
{
    struct gargs *a = arg;
    defer_print("goroutine defer");
    rt_defer(silent_recover, NULL, 0);
    rt_mutex_lock(a->mu);
    rt_mutex_unlock(a->mu);
    rt_mutex_unlock(a->mu);
}

static void main_double_unlock_in_goroutine(void *arg)
{
    (void)arg;
    defer_print("main defer");
    struct gargs a = {.mu = rt_mutex_new()};
    rt_go(double_unlocker, &a, sizeof a);
    rt_sleep(10);
    tu_printf("main done\n");
}

Test(sync, second_unlock_in_a_goroutine_is_fatal_for_the_program)
{
    for (uint64_t seed = 0; seed < SEEDS / 4; seed++) {
        rt_result r = tu_run_seed(main_double_unlock_in_goroutine, NULL, seed);
        assert_fatal(&r, RT_FATAL_UNLOCK, "fatal error: sync: unlock of unlocked mutex\n");
    }
}

/* ------------------------------------------------------------ M3 unlock happens before lock */

/* M3: mu.Lock(); go func() { mu.Lock(); fmt.Println(x); mu.Unlock(); done <- {} }()
 *     time.Sleep(1); x = 1; mu.Unlock(); <-done */
static void lock_then_read(void *arg)
{
    struct gargs *a = arg;
    rt_mutex_lock(a->mu);
    tu_printf("x = %d at %lld\n", g_n, (long long)rt_now());
    rt_mutex_unlock(a->mu);
    rt_chan_send(a->c, rt_empty());
}

static void main_unlock_publishes(void *arg)
{
    (void)arg;
    g_n = 0;
    struct gargs a = {.mu = rt_mutex_new(), .c = rt_chan_make(0, rt_empty())};
    rt_mutex_lock(a.mu);
    rt_go(lock_then_read, &a, sizeof a);
    rt_sleep(1);
    g_n = 1;
    rt_mutex_unlock(a.mu);
    rt_chan_recv(a.c, NULL);
}

Test(sync, unlock_is_synchronized_before_the_next_lock_returns)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_unlock_publishes, NULL, seed);
        assert_ok(&r, "x = 1 at 1\n");
    }
}

/* ------------------------------------------------------------ RWMutex */

/* mu.RLock(); go func() { mu.RLock(); fmt.Println("reader in"); mu.RUnlock(); done <- {} }()
 * <-done; mu.RUnlock()   (readers share the lock: no deadlock) */
static void reader(void *arg)
{
    struct gargs *a = arg;
    rt_rw_rlock(a->rw);
    tu_printf("reader in\n");
    rt_rw_runlock(a->rw);
    rt_chan_send(a->c, rt_empty());
}

static void main_readers_share(void *arg)
{
    (void)arg;
    struct gargs a = {.rw = rt_rwmutex_new(), .c = rt_chan_make(0, rt_empty())};
    rt_rw_rlock(a.rw);
    rt_go(reader, &a, sizeof a);
    rt_chan_recv(a.c, NULL);
    rt_rw_runlock(a.rw);
    tu_printf("main done\n");
}

Test(sync, rwmutex_readers_hold_the_lock_together)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_readers_share, NULL, seed);
        assert_ok(&r, "reader in\nmain done\n");
    }
}

/* mu.Lock(); go reader(); time.Sleep(1); fmt.Println("writer unlocking"); mu.Unlock(); <-done */
static void main_writer_excludes_reader(void *arg)
{
    (void)arg;
    struct gargs a = {.rw = rt_rwmutex_new(), .c = rt_chan_make(0, rt_empty())};
    rt_rw_lock(a.rw);
    rt_go(reader, &a, sizeof a);
    rt_sleep(1);
    tu_printf("writer unlocking\n");
    rt_rw_unlock(a.rw);
    rt_chan_recv(a.c, NULL);
}

Test(sync, rwmutex_writer_excludes_readers)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_writer_excludes_reader, NULL, seed);
        assert_ok(&r, "writer unlocking\nreader in\n");
    }
}

/* mu.RLock(); go func() { mu.Lock(); fmt.Println("writer in"); mu.Unlock(); done <- {} }()
 * time.Sleep(1); fmt.Println("reader unlocking"); mu.RUnlock(); <-done */
static void writer(void *arg)
{
    struct gargs *a = arg;
    g_ids[a->id] = rt_goid();
    rt_rw_lock(a->rw);
    tu_printf("writer in\n");
    rt_rw_unlock(a->rw);
    if (a->c)
        rt_chan_send(a->c, rt_empty());
    if (a->wg)
        rt_wg_done(a->wg);
}

static void main_reader_excludes_writer(void *arg)
{
    (void)arg;
    struct gargs a = {.rw = rt_rwmutex_new(), .c = rt_chan_make(0, rt_empty())};
    rt_rw_rlock(a.rw);
    rt_go(writer, &a, sizeof a);
    rt_sleep(1);
    tu_printf("reader unlocking\n");
    rt_rw_runlock(a.rw);
    rt_chan_recv(a.c, NULL);
}

Test(sync, rwmutex_reader_excludes_writers)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_reader_excludes_writer, NULL, seed);
        assert_ok(&r, "reader unlocking\nwriter in\n");
    }
}

/* Writer preference (sync doc: "If any goroutine calls Lock while the lock is
 * already held by one or more readers, concurrent calls to RLock will block
 * until the writer has acquired (and released) the lock"):
 *   mu.RLock(); wg.Add(2)
 *   go func() { mu.Lock(); fmt.Println("writer in"); mu.Unlock(); wg.Done() }()
 *   time.Sleep(1)
 *   go func() { mu.RLock(); fmt.Println("reader in"); mu.RUnlock(); wg.Done() }()
 *   time.Sleep(1); fmt.Println("main runlock"); mu.RUnlock(); wg.Wait()
 * gc printed: main runlock / writer in / reader in. */
static void reader_wg(void *arg)
{
    struct gargs *a = arg;
    g_ids[a->id] = rt_goid();
    rt_rw_rlock(a->rw);
    tu_printf("reader in\n");
    rt_rw_runlock(a->rw);
    rt_wg_done(a->wg);
}

static void main_writer_preference(void *arg)
{
    (void)arg;
    struct gargs a = {.rw = rt_rwmutex_new(), .wg = rt_wg_new()};
    rt_rw_rlock(a.rw);
    rt_wg_add(a.wg, 2);
    rt_go(writer, &a, sizeof a);
    rt_sleep(1);
    rt_go(reader_wg, &a, sizeof a);
    rt_sleep(1);
    tu_printf("main runlock\n");
    rt_rw_runlock(a.rw);
    rt_wg_wait(a.wg);
}

Test(sync, rwmutex_waiting_writer_blocks_new_readers)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_writer_preference, NULL, seed);
        assert_ok(&r, "main runlock\nwriter in\nreader in\n");
    }
}

/* Writer preference makes recursive read locking deadlock:
 *   mu.RLock(); go func() { mu.Lock() }(); time.Sleep(1); mu.RLock()
 * (gc: deadlock; main in RLock, the goroutine in Lock) */
static void main_recursive_rlock(void *arg)
{
    (void)arg;
    memset(g_ids, 0, sizeof g_ids);
    struct gargs a = {.rw = rt_rwmutex_new(), .id = 1};
    rt_rw_rlock(a.rw);
    rt_go(writer, &a, sizeof a);
    rt_sleep(1);
    rt_rw_rlock(a.rw);
    tu_printf("unreachable\n");
}

Test(sync, rwmutex_recursive_read_lock_with_waiting_writer_deadlocks)
{
    rt_result r = tu_run(main_recursive_rlock, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_RWMUTEX_R);
    const rt_gor_info *w = alive_g(&r, g_ids[1]);
    cr_assert_not_null(w);
    cr_assert_eq(w->wait, RT_WAIT_RWMUTEX_W);
}

/* var mu sync.RWMutex; mu.Lock(); mu.Lock()   -> deadlock in RWMutex.Lock */
static void main_rw_lock_twice(void *arg)
{
    (void)arg;
    rt_rwmutex *rw = rt_rwmutex_new();
    rt_rw_lock(rw);
    rt_rw_lock(rw);
}

Test(sync, rwmutex_write_lock_is_not_reentrant)
{
    rt_result r = tu_run(main_rw_lock_twice, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_RWMUTEX_W);
}

/* RWMutex misuse (M2; gc runs c20a, c20b and two more):
 *   0: var mu sync.RWMutex; mu.Unlock()           -> fatal error: sync: Unlock of unlocked RWMutex
 *   1: var mu sync.RWMutex; mu.RUnlock()          -> fatal error: sync: RUnlock of unlocked RWMutex
 *   2: mu.Lock(); mu.RUnlock()                    -> fatal error: sync: RUnlock of unlocked RWMutex
 *   3: mu.RLock(); mu.Unlock()                    -> fatal error: sync: Unlock of unlocked RWMutex
 * Each with defer fmt.Println(...) and defer func() { recover() }(): neither runs. */
static void main_rw_misuse(void *arg)
{
    int which = *(const int *)arg;
    rt_rwmutex *rw = rt_rwmutex_new();
    defer_print("deferred println");
    rt_defer(silent_recover, NULL, 0);
    switch (which) {
    case 0:
        rt_rw_unlock(rw);
        break;
    case 1:
        rt_rw_runlock(rw);
        break;
    case 2:
        rt_rw_lock(rw);
        rt_rw_runlock(rw);
        break;
    default:
        rt_rw_rlock(rw);
        rt_rw_unlock(rw);
        break;
    }
    tu_printf("unreachable\n");
}

static const char RW_UNLOCK[] = "fatal error: sync: Unlock of unlocked RWMutex\n";
static const char RW_RUNLOCK[] = "fatal error: sync: RUnlock of unlocked RWMutex\n";

Test(sync, rwmutex_unlock_of_unlocked_is_fatal)
{
    int which = 0;
    rt_result r = tu_run(main_rw_misuse, &which);
    assert_fatal(&r, RT_FATAL_UNLOCK, RW_UNLOCK);
}

Test(sync, rwmutex_runlock_of_unlocked_is_fatal)
{
    int which = 1;
    rt_result r = tu_run(main_rw_misuse, &which);
    assert_fatal(&r, RT_FATAL_UNLOCK, RW_RUNLOCK);
}

Test(sync, rwmutex_runlock_while_write_locked_is_fatal)
{
    int which = 2;
    rt_result r = tu_run(main_rw_misuse, &which);
    assert_fatal(&r, RT_FATAL_UNLOCK, RW_RUNLOCK);
}

Test(sync, rwmutex_unlock_while_only_read_locked_is_fatal)
{
    int which = 3;
    rt_result r = tu_run(main_rw_misuse, &which);
    assert_fatal(&r, RT_FATAL_UNLOCK, RW_UNLOCK);
}

/* ------------------------------------------------------------ Once */

/* var once sync.Once; once.Do(f); once.Do(f); once.Do(g); fmt.Println(n) */
static void bump(void *arg)
{
    (void)arg;
    g_n++;
}

static void bump_by_ten(void *arg)
{
    (void)arg;
    g_n += 10;
}

static void main_once(void *arg)
{
    (void)arg;
    g_n = 0;
    rt_once *o = rt_once_new();
    rt_once_do(o, bump, NULL);
    rt_once_do(o, bump, NULL);
    rt_once_do(o, bump_by_ten, NULL);
    tu_printf("%d\n", g_n);
}

Test(sync, once_runs_f_only_the_first_time)
{
    rt_result r = tu_run(main_once, NULL);
    assert_ok(&r, "1\n");
}

/* func() { defer fmt.Println("recovered:", recover()); once.Do(func() { panic("boom") }) }()
 * ran := false; once.Do(func() { ran = true }); fmt.Println("second ran:", ran)
 * (gc: "recovered: boom" / "second ran: false") */
static void panic_boom(void *arg)
{
    (void)arg;
    rt_panic(rt_str("boom"));
}

static void once_do_panicking(void *arg)
{
    rt_once_do((rt_once *)arg, panic_boom, NULL);
}

static void main_once_panics(void *arg)
{
    (void)arg;
    g_n = 0;
    rt_once *o = rt_once_new();
    call_guarded(once_do_panicking, o);
    rt_once_do(o, bump, NULL);
    tu_printf("second ran: %s\n", g_n ? "true" : "false");
}

Test(sync, once_counts_as_done_even_when_f_panics)
{
    rt_result r = tu_run(main_once_panics, NULL);
    assert_ok(&r, "recovered string: boom\nsecond ran: false\n");
}

/* defer fmt.Println("main deferred"); once.Do(func() { panic("boom") })
 * (gc: "main deferred" on stdout, "panic: boom", exit 2: Do does not swallow the panic) */
static void main_once_panic_escapes(void *arg)
{
    (void)arg;
    defer_print("main deferred");
    rt_once_do(rt_once_new(), panic_boom, NULL);
}

Test(sync, once_panic_propagates_to_the_caller)
{
    rt_result r = tu_run(main_once_panic_escapes, NULL);
    assert_panic(&r, "main deferred\n", "panic: boom\n");
}

/* go func() { once.Do(func() { time.Sleep(10); x = 1 }); wg.Done() }()
 * go func() { time.Sleep(1); ran := false; once.Do(func() { ran = true })
 *             fmt.Println(x, ran, now()); wg.Done() }()
 * (gc: the second caller waits for the first f to return, sees x = 1) */
static void slow_init(void *arg)
{
    (void)arg;
    rt_sleep(10);
    g_n = 1;
}

static void first_caller(void *arg)
{
    struct gargs *a = arg;
    rt_once_do(a->once, slow_init, NULL);
    rt_wg_done(a->wg);
}

static void second_caller(void *arg)
{
    struct gargs *a = arg;
    rt_sleep(1);
    int before = g_n;
    rt_once_do(a->once, bump_by_ten, NULL);
    tu_printf("x = %d (was %d), returned at %lld\n", g_n, before, (long long)rt_now());
    rt_wg_done(a->wg);
}

static void main_once_concurrent(void *arg)
{
    (void)arg;
    g_n = 0;
    struct gargs a = {.once = rt_once_new(), .wg = rt_wg_new()};
    rt_wg_add(a.wg, 2);
    rt_go(first_caller, &a, sizeof a);
    rt_go(second_caller, &a, sizeof a);
    rt_wg_wait(a.wg);
}

Test(sync, concurrent_once_callers_wait_until_f_returns)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_once_concurrent, NULL, seed);
        assert_ok(&r, "x = 1 (was 0), returned at 10\n");
    }
}

/* go func() { once.Do(func() { <-c }) }(); go func() { once.Do(f) }(); wg.Wait()
 * -> deadlock; the second caller is reported waiting on the Once. */
static void block_on_chan(void *arg)
{
    rt_chan_recv((rt_chan *)arg, NULL);
}

static void blocked_first_caller(void *arg)
{
    struct gargs *a = arg;
    g_ids[1] = rt_goid();
    rt_once_do(a->once, block_on_chan, a->c);
}

static void waiting_second_caller(void *arg)
{
    struct gargs *a = arg;
    rt_sleep(1);
    g_ids[2] = rt_goid();
    rt_once_do(a->once, bump, NULL);
}

static void main_once_waiter_deadlock(void *arg)
{
    (void)arg;
    memset(g_ids, 0, sizeof g_ids);
    struct gargs a = {.once = rt_once_new(), .wg = rt_wg_new(), .c = rt_chan_make(0, rt_int(0))};
    rt_wg_add(a.wg, 1);
    rt_go(blocked_first_caller, &a, sizeof a);
    rt_go(waiting_second_caller, &a, sizeof a);
    rt_wg_wait(a.wg);
}

Test(sync, once_caller_waiting_on_a_blocked_f_is_part_of_a_deadlock)
{
    rt_result r = tu_run(main_once_waiter_deadlock, NULL);
    assert_deadlock(&r);
    const rt_gor_info *first = alive_g(&r, g_ids[1]);
    const rt_gor_info *second = alive_g(&r, g_ids[2]);
    cr_assert_not_null(first);
    cr_assert_not_null(second);
    cr_assert_eq(first->wait, RT_WAIT_CHAN_RECV);
    cr_assert_eq(second->wait, RT_WAIT_ONCE);
}

/* once.Do(func() { once.Do(func() {}) })   (gc: deadlock) */
static void nested_do(void *arg)
{
    rt_once_do((rt_once *)arg, bump, NULL);
}

static void main_once_recursive(void *arg)
{
    (void)arg;
    rt_once *o = rt_once_new();
    rt_once_do(o, nested_do, o);
}

Test(sync, once_do_called_from_its_own_f_deadlocks)
{
    rt_result r = tu_run(main_once_recursive, NULL);
    assert_deadlock(&r);
}
