/* stack.c - goroutine stacks: mmap'd, a PROT_NONE guard page below each,
 * cached per thread so that steady-state executions never call mmap.
 *
 * Stacks are registered with valgrind (when its header exists) so that it
 * does not mistake a switch for a huge stack-pointer jump, and unpoisoned
 * for ASan when reused, since a goroutine abandoned mid-call leaves stale
 * redzones behind. */
#define _GNU_SOURCE
#include "rti.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef RT_HAVE_VALGRIND
#include <valgrind/valgrind.h>
#endif
#if RT_ASAN
#include <sanitizer/asan_interface.h>
#endif

/* Free stacks of the default size, kept for the next goroutine. */
static _Thread_local rt_stack *stack_cache;
static _Thread_local size_t stack_ncached;

/* Default usable size; sanitizers need much bigger frames. */
size_t rt__stack_default_size(void)
{
#if RT_ASAN
    return 4u * 1024 * 1024;
#else
    return 1024 * 1024;
#endif
}

static size_t page_size(void)
{
    static size_t ps;
    if (!ps) {
        long v = sysconf(_SC_PAGESIZE);
        ps = v > 0 ? (size_t)v : 4096;
    }
    return ps;
}

/* Returns a stack with at least size usable bytes, or NULL without memory. */
rt_stack *rt__stack_get(size_t size)
{
    size_t ps = page_size();
    size = (size + ps - 1) & ~(ps - 1);
    for (rt_stack **pp = &stack_cache; *pp; pp = &(*pp)->next_free) {
        rt_stack *s = *pp;
        if (s->size == size) {
            *pp = s->next_free;
            stack_ncached--;
            s->next_free = NULL;
#if RT_ASAN
            ASAN_UNPOISON_MEMORY_REGION(s->lo, s->size);
#endif
            return s;
        }
    }
    rt_stack *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->map_size = size + ps;
    s->map = mmap(NULL, s->map_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (s->map == MAP_FAILED) {
        free(s);
        return NULL;
    }
    /* The lowest page traps a stack that grows past its end. */
    if (mprotect(s->map, ps, PROT_NONE) != 0) {
        munmap(s->map, s->map_size);
        free(s);
        return NULL;
    }
    s->lo = (char *)s->map + ps;
    s->size = size;
#ifdef RT_HAVE_VALGRIND
    s->valgrind_id = VALGRIND_STACK_REGISTER(s->lo, (char *)s->lo + s->size);
#endif
    return s;
}

static void stack_free(rt_stack *s)
{
#ifdef RT_HAVE_VALGRIND
    VALGRIND_STACK_DEREGISTER(s->valgrind_id);
#endif
#if RT_ASAN
    /* A goroutine abandoned mid-call leaves its frames' redzones poisoned,
     * and unmapping does not clear ASan's shadow: the next mapping at
     * these addresses (another execution's stack) would inherit them, and
     * ASan then failed a check of its own describing an access there. */
    ASAN_UNPOISON_MEMORY_REGION(s->lo, s->size);
#endif
    munmap(s->map, s->map_size);
    free(s);
}

/* Gives a stack back to the cache; beyond a bound it is unmapped. */
void rt__stack_put(rt_stack *s)
{
    if (stack_ncached >= 1024) {
        stack_free(s);
        return;
    }
    s->next_free = stack_cache;
    stack_cache = s;
    stack_ncached++;
}

/* Unmaps every cached stack (rt_shutdown). */
void rt__stack_drain(void)
{
    while (stack_cache) {
        rt_stack *s = stack_cache;
        stack_cache = s->next_free;
        stack_free(s);
    }
    stack_ncached = 0;
}

size_t rt__stack_cached(void)
{
    return stack_ncached;
}
