/* recover.c - STUB: the recover checker is being written. */
#include "oi.h"

static void stub_event(void *st, oracle_ctx *c, const rt_event *ev)
{
    (void)st;
    (void)c;
    (void)ev;
}

const oracle_checker oracle__recover = {"recover", 1, NULL, stub_event, NULL, NULL};
