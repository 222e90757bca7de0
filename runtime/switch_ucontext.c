/* switch_ucontext.c - placeholder unit for the ucontext fallback build.
 *
 * With -DDEFERFUZZ_UCONTEXT=ON, coro.c switches with getcontext/
 * makecontext/swapcontext instead of the assembly switch; this file only
 * exists so the build lists one switch unit per configuration. */
#include "rti.h"

#ifndef RT_USE_UCONTEXT
#error "switch_ucontext.c is only built with RT_USE_UCONTEXT"
#endif

/* Reports which switch this build uses (for the benchmarks). */
const char *rt__switch_name(void);
const char *rt__switch_name(void)
{
    return "ucontext";
}
