/* coro.c - coroutine contexts on top of the stack switch.
 *
 * Lays out a new context so the assembly switch enters it, and tells ASan
 * about every switch (__sanitizer_start/finish_switch_fiber) so that it
 * tracks the right stack bounds and never reports stale redzones. */
#include "rti.h"

#if RT_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#ifndef RT_USE_UCONTEXT
/* x86-64: see switch_x86_64.S for the frame rt__ctx_switch pops. */
void rt__coro_init(rt_coro *co, void (*entry)(void *), void *arg)
{
    uintptr_t top = ((uintptr_t)co->stack->lo + co->stack->size) & ~(uintptr_t)15;
    uint64_t *sp = (uint64_t *)top;
#if defined(__x86_64__)
    /* ret pops this, leaving rsp = top (16-aligned) for the trampoline's call. */
    *--sp = (uint64_t)(uintptr_t)rt__ctx_trampoline;
    *--sp = 0;                             /* rbp */
    *--sp = 0;                             /* rbx */
    *--sp = (uint64_t)(uintptr_t)arg;      /* r12 */
    *--sp = (uint64_t)(uintptr_t)entry;    /* r13 */
    *--sp = 0;                             /* r14 */
    *--sp = 0;                             /* r15 */
    *--sp = 0x1F80ull | (0x037Full << 32); /* MXCSR, x87 CW: the ABI defaults */
#elif defined(__aarch64__)
    sp -= 22; /* 176 bytes, see switch_aarch64.S */
    for (int i = 0; i < 22; i++)
        sp[i] = 0;
    sp[0] = (uint64_t)(uintptr_t)arg;                 /* x19 */
    sp[1] = (uint64_t)(uintptr_t)entry;               /* x20 */
    sp[11] = (uint64_t)(uintptr_t)rt__ctx_trampoline; /* x30 */
#else
#error "no assembly switch for this architecture; configure with -DDEFERFUZZ_UCONTEXT=ON"
#endif
    co->sp = sp;
}

static inline void ctx_switch(rt_coro *from, rt_coro *to)
{
    rt__ctx_switch(&from->sp, to->sp);
}
#else
#include <stdlib.h>
void rt__coro_init(rt_coro *co, void (*entry)(void *), void *arg)
{
    getcontext(&co->uc);
    co->uc.uc_stack.ss_sp = co->stack->lo;
    co->uc.uc_stack.ss_size = co->stack->size;
    co->uc.uc_link = NULL;
    /* makecontext is specified for int arguments; glibc on 64-bit targets
     * passes each as a full register, which is what this fallback relies on. */
    makecontext(&co->uc, (void (*)(void))entry, 1, arg);
}

static inline void ctx_switch(rt_coro *from, rt_coro *to)
{
    swapcontext(&from->uc, &to->uc);
}
#endif

#if RT_ASAN
static void stack_bounds(rt_coro *to, const void **bottom, size_t *size)
{
    if (to->stack) {
        *bottom = to->stack->lo;
        *size = to->stack->size;
    } else {
        *bottom = to->asan_bottom;
        *size = to->asan_size;
    }
}
#endif

/* Suspends from and resumes to. */
void rt__coro_switch(rt_coro *from, rt_coro *to)
{
#if RT_ASAN
    const void *bottom;
    size_t size;
    stack_bounds(to, &bottom, &size);
    __sanitizer_start_switch_fiber(&from->fake_stack, bottom, size);
    ctx_switch(from, to);
    __sanitizer_finish_switch_fiber(from->fake_stack, NULL, NULL);
#else
    ctx_switch(from, to);
#endif
}

/* Leaves a coroutine for good: ASan forgets its fake stack. */
void rt__coro_exit_to(rt_coro *from, rt_coro *to)
{
#if RT_ASAN
    const void *bottom;
    size_t size;
    stack_bounds(to, &bottom, &size);
    __sanitizer_start_switch_fiber(NULL, bottom, size);
#endif
    ctx_switch(from, to);
    __builtin_unreachable();
}

/* Called first on a new coroutine's stack: completes the switch that
 * entered it. When from is not NULL (the thread's own context, which has
 * no rt_stack), it learns that context's stack bounds for later switches. */
void rt__coro_started(rt_coro *self, rt_coro *from)
{
    RT_UNUSED(self);
#if RT_ASAN
    if (from)
        __sanitizer_finish_switch_fiber(NULL, &from->asan_bottom, &from->asan_size);
    else
        __sanitizer_finish_switch_fiber(NULL, NULL, NULL);
#else
    RT_UNUSED(from);
#endif
}
