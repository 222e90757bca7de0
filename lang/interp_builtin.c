/* interp_builtin.c - the builtins (len, cap, make, new, close, panic,
 * recover, print, println) and the package functions and methods of the
 * subset (fmt, time, os, errors, runtime, sync, error.Error), each on the
 * runtime operation that implements it.
 *
 * sync values are created lazily: the zero value of a WaitGroup, Mutex,
 * RWMutex or Once variable or field holds NULL, and the first method call
 * through its address creates the runtime object in place.
 */
#include <string.h>

#include "interp.h"

/* ================================================================ arguments */

uint32_t lang__builtin_nargs(const lang_expr *e)
{
    uint32_t n = e->u.call.recv ? 1 : 0;
    if (lang__call_spread(e))
        return n + e->u.call.args[0]->type->nresults;
    return n + e->u.call.nargs;
}

static bool type_arg(lang_builtin b, uint32_t i)
{
    return (b == LANG_B_MAKE || b == LANG_B_NEW) && i == 0;
}

uint32_t lang__builtin_args(iframe *f, const lang_expr *e, iv *vals, const lang_type **types)
{
    uint32_t k = 0;
    if (e->u.call.recv) {
        vals[k] = lang__eval(f, e->u.call.recv);
        types[k++] = e->u.call.recv->type;
    }
    if (lang__call_spread(e)) {
        const lang_expr *g = e->u.call.args[0];
        uint32_t n = g->type->nresults;
        lang__eval_multi(f, g, vals + k, n);
        for (uint32_t i = 0; i < n; i++)
            types[k + i] = g->type->results[i];
        return k + n;
    }
    for (uint32_t i = 0; i < e->u.call.nargs; i++) {
        if (type_arg(e->u.call.builtin, i))
            continue;
        const lang_expr *a = e->u.call.args[i];
        vals[k] = lang__eval(f, a);
        types[k++] = a->type;
    }
    return k;
}

/* ================================================================ sync */

/* The runtime object of the sync value at cell p (a *sync.X), created on
 * first use. */
static void *sync_object(iv p, lang_builtin b)
{
    iv *cell = lang__eval_deref(p);
    if (lang__acc_fn) {
        lang__acc(LANG_OBJ(LANG_OBJ_SYNC, 0), false);
        if (!cell->u.p) {
            lang__acc(LANG_OBJ(LANG_OBJ_SYNC, 0), true);
            lang__acc(LANG_OBJ(LANG_OBJ_RT_ALLOC, 0), true);
        }
    }
    if (!cell->u.p) {
        switch (b) {
        case LANG_B_WG_ADD:
        case LANG_B_WG_DONE:
        case LANG_B_WG_WAIT:
            cell->u.p = rt_wg_new();
            break;
        case LANG_B_MUTEX_LOCK:
        case LANG_B_MUTEX_UNLOCK:
            cell->u.p = rt_mutex_new();
            break;
        case LANG_B_ONCE_DO:
            cell->u.p = rt_once_new();
            break;
        default:
            cell->u.p = rt_rwmutex_new();
            break;
        }
    }
    return cell->u.p;
}

typedef struct oncepkt {
    interp *I;
    const iclo *clo;
} oncepkt;

static void once_tramp(void *arg)
{
    const oncepkt *k = arg;
    lang__call_closure_here(k->I, k->clo);
}

static void exec_sync(iframe *f, lang_builtin b, const iv *vals)
{
    void *o = sync_object(vals[0], b);
    switch (b) {
    case LANG_B_WG_ADD:
        rt_wg_add(o, vals[1].u.i);
        return;
    case LANG_B_WG_DONE:
        rt_wg_done(o);
        return;
    case LANG_B_WG_WAIT:
        rt_wg_wait(o);
        return;
    case LANG_B_MUTEX_LOCK:
        rt_mutex_lock(o);
        return;
    case LANG_B_MUTEX_UNLOCK:
        rt_mutex_unlock(o);
        return;
    case LANG_B_RW_LOCK:
        rt_rw_lock(o);
        return;
    case LANG_B_RW_UNLOCK:
        rt_rw_unlock(o);
        return;
    case LANG_B_RW_RLOCK:
        rt_rw_rlock(o);
        return;
    case LANG_B_RW_RUNLOCK:
        rt_rw_runlock(o);
        return;
    case LANG_B_ONCE_DO: {
        oncepkt k = {f->I, vals[1].u.p};
        rt_once_do(o, once_tramp, &k);
        rt_set_site(f->site);
        return;
    }
    default:
        return;
    }
}

/* ================================================================ errors */

/* err.Error(): a nil error panics like a nil interface method call. */
static iv error_text(iframe *f, iv err)
{
    const ibox *b = err.u.p;
    if (!b)
        rt_panic_nil_deref();
    if (b->t == &lang__it_errstring || b->t == &lang__it_wraperror || b->t == &lang__it_rterror ||
        b->t == &lang__it_plainerror) {
        const ierr *e = b->v.u.p;
        return lang__val_str(e->s, e->n);
    }
    bool deref;
    const lang_func *m = lang__call_find_method(b->t, "Error", &deref);
    if (!m)
        rt_fatal("interpreter: error value without Error method");
    return lang__call_string_method(f->I, m, b->t, b->v, deref);
}

/* Whether a format string has the %w verb (Errorf then makes a wrapError). */
static bool has_wrap_verb(iv format)
{
    for (int64_t i = 0; i + 1 < format.n; i++)
        if (format.u.s[i] == '%') {
            if (format.u.s[i + 1] == 'w')
                return true;
            if (format.u.s[i + 1] == '%')
                i++;
        }
    return false;
}

/* ================================================================ dispatch */

static void write_out(int fd, const isb *b)
{
    if (b->len)
        rt_write(fd, b->p, b->len);
}

static iv make_chan(const lang_expr *e, const iv *vals, uint32_t n)
{
    const lang_type *t = e->u.call.make_type ? e->u.call.make_type : e->type;
    const lang_type *elem = lang__val_under(t)->elem;
    int64_t cap = n ? vals[0].u.i : 0;
    iv r = {{0}, 0};
    r.u.p = rt_chan_make(cap, lang__val_to_rt(elem, lang__val_zero(elem)));
    return r;
}

static iv new_value(const lang_expr *e)
{
    const lang_type *t = e->u.call.make_type;
    if (!t)
        t = lang__val_under(e->type)->elem;
    iv r = {{0}, 0};
    if (lang__val_is_struct(t)) {
        r.u.p = lang__val_zero(t).u.p;
    } else {
        iv *cell = lang__interp_alloc(sizeof *cell);
        *cell = lang__val_zero(t);
        r.u.p = cell;
    }
    return r;
}

void lang__builtin_exec(iframe *f, const lang_expr *e, lang_builtin b, const iv *vals,
                        const lang_type *const *types, uint32_t n, iv *res)
{
    char stack[256];
    isb sb;
    switch (b) {
    case LANG_B_LEN: {
        const lang_type *u = lang__val_under(types[0]);
        if (u->kind == LANG_T_CHAN && vals[0].u.p && lang__acc_fn)
            lang__acc(LANG_OBJ(LANG_OBJ_RT, rt_chan_id(vals[0].u.p)), false);
        res[0] = lang__val_int(u->kind == LANG_T_CHAN ? rt_chan_len(vals[0].u.p) : vals[0].n);
        return;
    }
    case LANG_B_CAP:
        res[0] = lang__val_int(rt_chan_cap(vals[0].u.p));
        return;
    case LANG_B_MAKE:
        res[0] = make_chan(e, vals, n);
        return;
    case LANG_B_NEW:
        res[0] = new_value(e);
        return;
    case LANG_B_CLOSE:
        rt_chan_close(vals[0].u.p);
        return;
    case LANG_B_PANIC:
        rt_panic(lang__val_panic_value(types[0], vals[0]));
    case LANG_B_RECOVER:
        res[0] = lang__val_from_recover(rt_recover());
        return;
    case LANG_B_PRINT:
    case LANG_B_PRINTLN:
        lang__sb_init(&sb, stack, sizeof stack);
        lang__fmt_print_builtin(&sb, vals, types, n, b == LANG_B_PRINTLN);
        write_out(2, &sb);
        return;
    case LANG_B_FMT_PRINTLN:
    case LANG_B_FMT_PRINT:
    case LANG_B_FMT_PRINTF:
    case LANG_B_FMT_SPRINTF:
    case LANG_B_FMT_SPRINT:
    case LANG_B_FMT_SPRINTLN:
    case LANG_B_FMT_ERRORF:
        lang__sb_init(&sb, stack, sizeof stack);
        if (b == LANG_B_FMT_PRINTF || b == LANG_B_FMT_SPRINTF || b == LANG_B_FMT_ERRORF)
            lang__fmt_sprintf(f->I, &sb, vals[0], vals + 1, types + 1, n ? n - 1 : 0);
        else
            lang__fmt_sprint(f->I, &sb, vals, types, n,
                             b == LANG_B_FMT_PRINTLN || b == LANG_B_FMT_SPRINTLN);
        if (b == LANG_B_FMT_PRINTLN || b == LANG_B_FMT_PRINT || b == LANG_B_FMT_PRINTF) {
            write_out(1, &sb);
            res[0] = lang__val_int((int64_t)sb.len);
            res[1] = lang__val_int(0);
        } else if (b == LANG_B_FMT_ERRORF) {
            iv s = lang__sb_string(&sb);
            res[0] = lang__val_error(
                has_wrap_verb(vals[0]) ? &lang__it_wraperror : &lang__it_errstring, s.u.s, s.n);
        } else {
            res[0] = lang__sb_string(&sb);
        }
        return;
    case LANG_B_TIME_SLEEP:
        rt_sleep(vals[0].u.i);
        return;
    case LANG_B_TIME_AFTER: {
        iv r = {{0}, 0};
        r.u.p = rt_after(vals[0].u.i);
        res[0] = r;
        return;
    }
    case LANG_B_OS_EXIT:
        rt_exit((int)vals[0].u.i);
    case LANG_B_ERRORS_NEW:
        res[0] = lang__val_error(&lang__it_errstring, vals[0].u.s, vals[0].n);
        return;
    case LANG_B_RUNTIME_GOEXIT:
        rt_goexit();
    case LANG_B_RUNTIME_GOSCHED:
        rt_gosched();
        return;
    case LANG_B_RUNTIME_NUMGOROUTINE:
        lang__acc(LANG_OBJ(LANG_OBJ_NGOROUTINE, 0), false);
        res[0] = lang__val_int(rt_num_goroutine());
        return;
    case LANG_B_ERROR_ERROR:
        res[0] = error_text(f, vals[0]);
        return;
    default:
        if (b >= LANG_B_WG_ADD && b <= LANG_B_ONCE_DO) {
            exec_sync(f, b, vals);
            return;
        }
        rt_fatal("interpreter: unsupported builtin");
    }
}
