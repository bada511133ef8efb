/*
 * base.c: allocation through one place, error records, run context.
 */
#define _POSIX_C_SOURCE 200809L
#include "base.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Failure injection for the out-of-memory tests. Thread-local, so that
 * threads never share it and the library keeps no global mutable state
 * visible across threads. */
static _Thread_local uint64_t fail_countdown; /* 0 = off */
static _Thread_local uint64_t alloc_count;
static _Thread_local uint64_t alloc_failures;

static int should_fail(void)
{
    alloc_count++;
    if (fail_countdown == 0) {
        return 0;
    }
    if (fail_countdown == 1) {
        alloc_failures++;
        return 1; /* stays at 1: every later allocation fails too */
    }
    fail_countdown--;
    return 0;
}

static void *counted(void *p)
{
    if (p == NULL) {
        alloc_failures++;
    }
    return p;
}

uint64_t veto_i_alloc_failures(void)
{
    return alloc_failures;
}

uint64_t veto_i_alloc_fail_after(uint64_t k)
{
    uint64_t made = alloc_count;
    alloc_count = 0;
    fail_countdown = k;
    return made;
}

void *veto_i_malloc(size_t size)
{
    if (should_fail()) {
        return NULL;
    }
    return counted(malloc(size == 0 ? 1 : size));
}

void *veto_i_calloc(size_t count, size_t size)
{
    if (should_fail()) {
        return NULL;
    }
    if (count == 0 || size == 0) {
        count = 1;
        size = 1;
    }
    return counted(calloc(count, size));
}

void *veto_i_realloc(void *p, size_t size)
{
    if (should_fail()) {
        return NULL;
    }
    return counted(realloc(p, size == 0 ? 1 : size));
}

void *veto_i_mallocarray(size_t count, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) {
        return NULL;
    }
    return veto_i_malloc(bytes);
}

void *veto_i_reallocarray(void *p, size_t count, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) {
        return NULL;
    }
    return veto_i_realloc(p, bytes);
}

char *veto_i_strndup(const char *s, size_t n)
{
    char *copy = veto_i_malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

char *veto_i_strdup(const char *s)
{
    return veto_i_strndup(s, strlen(s));
}

void veto_i_free(void *p)
{
    free(p);
}

void veto_free(void *p)
{
    free(p);
}

static void copy_trunc(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap) {
        len = cap - 1;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

veto_status veto_i_error(veto_error_t *err, veto_status code, const char *file,
                         unsigned line, unsigned col, const char *context,
                         size_t context_len, const char *fmt, ...)
{
    if (err == NULL) {
        return code;
    }
    err->code = code;
    err->file[0] = '\0';
    if (file != NULL) {
        copy_trunc(err->file, sizeof err->file, file, strlen(file));
    }
    err->line = line;
    err->col = col;
    err->context[0] = '\0';
    if (context != NULL) {
        copy_trunc(err->context, sizeof err->context, context, context_len);
        /* The context is printed on terminals: control characters (an
         * ESC from a hostile file) become '?', one byte for one, so the
         * caret's column stays right. Tabs are kept for the caret line. */
        for (char *p = err->context; *p != '\0'; p++) {
            unsigned char ch = (unsigned char)*p;
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                *p = '?';
            }
        }
    }
    err->hint[0] = '\0';
    err->hint_code = VETO_HINT_NONE;
    memset(err->hint_arg, 0, sizeof err->hint_arg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

veto_status veto_i_errorf(veto_error_t *err, veto_status code, const char *fmt,
                          ...)
{
    if (err == NULL) {
        return code;
    }
    err->code = code;
    err->file[0] = '\0';
    err->line = 0;
    err->col = 0;
    err->context[0] = '\0';
    err->hint[0] = '\0';
    err->hint_code = VETO_HINT_NONE;
    memset(err->hint_arg, 0, sizeof err->hint_arg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void veto_i_error_hint(veto_error_t *err, const char *fmt, ...)
{
    if (err == NULL) {
        return;
    }
    err->hint_code = VETO_HINT_NONE;
    memset(err->hint_arg, 0, sizeof err->hint_arg);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->hint, sizeof err->hint, fmt, ap);
    va_end(ap);
}

void veto_i_error_hint_code(veto_error_t *err, veto_hint_code code,
                            const char *a0, const char *a1, const char *a2)
{
    if (err == NULL) {
        return;
    }
    const char *arg[VETO_HINT_NARGS] = {a0, a1, a2};
    err->hint_code = code;
    for (size_t k = 0; k < VETO_HINT_NARGS; k++) {
        copy_trunc(err->hint_arg[k], sizeof err->hint_arg[k],
                   arg[k] != NULL ? arg[k] : "",
                   arg[k] != NULL ? strlen(arg[k]) : 0);
    }
    err->hint[0] = '\0';
    veto_hint_text(err->hint, sizeof err->hint, err);
}

/* snprintf that never returns a negative length. */
static size_t put(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static size_t put(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return len < 0 ? 0 : (size_t)len;
}

/* "dp, bdd" -> "dp or bdd" into out (of size sizeof err->hint_arg[0]). */
static void or_list(char *out, size_t cap, const char *list)
{
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = list; *p != '\0' && len + 4 < cap; p++) {
        if (p[0] == ',' && p[1] == ' ') {
            memcpy(out + len, " or", 3);
            len += 3;
        } else {
            out[len++] = *p;
        }
    }
    out[len] = '\0';
}

size_t veto_hint_text(char *buf, size_t size, const veto_error_t *err)
{
    static char none[1];
    if (buf == NULL || size == 0) {
        buf = none; /* measure only */
        size = 0;
    }
    if (size > 0) {
        buf[0] = '\0';
    }
    if (err == NULL) {
        return 0;
    }
    const char *a0 = err->hint_arg[0], *a1 = err->hint_arg[1],
               *a2 = err->hint_arg[2];
    char methods[sizeof err->hint_arg[1] + 64];
    or_list(methods, sizeof methods, a1);
    switch (err->hint_code) {
    case VETO_HINT_NONE:
        return put(buf, size, "%.*s", (int)sizeof err->hint, err->hint);
    case VETO_HINT_NO_NEGATION:
        return put(buf, size,
                   "rules are monotone (a winning coalition still wins when "
                   "players join), so there is no 'not'; write the rule "
                   "with 'and', 'or', 'K of (...)' and thresholds");
    case VETO_HINT_COMPARISON:
        return put(buf, size,
                   "a threshold is 'count >= K' or 'count > K' (or over "
                   "an attribute: 'weight >= K'); '%s' cannot be written: "
                   "rules are monotone, adding players never turns a yes "
                   "into a no",
                   a0);
    case VETO_HINT_OPERATOR:
        return put(buf, size, "write '%s' instead of '%s'", a1, a0);
    case VETO_HINT_NAME_LIST:
        return put(buf, size,
                   "player names are separated by spaces, not commas: "
                   "players { A B C }");
    case VETO_HINT_KEYWORD:
        return put(buf, size, "did you mean '%s'?", a1);
    case VETO_HINT_SCENARIOS:
        if (a0[0] == '\0') {
            return put(buf, size,
                       "the model has no scenarios; 'default' names its own "
                       "beliefs");
        }
        return put(buf, size, "the scenarios are: default, %s", a0);
    case VETO_HINT_INDEX_METHOD:
        if (a2[0] != '\0') {
            return put(buf, size,
                       "method %s cannot compute %s; ask for %s, which it "
                       "computes, or use an exact method (dp, bdd, enum)",
                       a1, a0, a2);
        }
        return put(buf, size,
                   "method %s cannot compute %s; use an exact method (dp, "
                   "bdd, enum)",
                   a1, a0);
    case VETO_HINT_RAISE_LIMIT:
        return put(buf, size, "raise the limit %s", a0);
    case VETO_HINT_OTHER_METHOD:
        return put(buf, size, "use the method %s instead of %s", methods, a0);
    case VETO_HINT_MEMORY:
        return put(buf, size,
                   "raise the memory budget (max_memory), or use the method "
                   "%s instead of %s",
                   methods, a0);
    case VETO_HINT_FEWER_THREADS:
        return put(buf, size,
                   "use fewer threads, or raise the memory budget "
                   "(max_memory)");
    case VETO_HINT_TIMEOUT:
        if (strcmp(a2, "exact") == 0) {
            return put(buf, size,
                       "raise the time limit to more than %s (the estimate "
                       "for %s)",
                       a1, a0);
        }
        return put(buf, size,
                   "raise the time limit to more than %s (the estimate for "
                   "%s), or ask only for indices Monte Carlo estimates",
                   a1, a0);
    case VETO_HINT_MC_PRECISION:
        return put(buf, size,
                   "raise the half-width (epsilon) or lower the confidence");
    case VETO_HINT_INCLUDE_OUTSIDE:
        return put(buf, size,
                   "allow includes outside the model's directory "
                   "(allow_include_outside), or move the file beside the "
                   "model");
    }
    return put(buf, size, "%.*s", (int)sizeof err->hint, err->hint);
}

veto_status veto_i_misuse(veto_error_t *err, const char *func,
                          const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return veto_i_errorf(err, VETO_EMISUSE, "%s: %s", func, what);
}

veto_status veto_i_check_options(const veto_options_t *opt, const char *func,
                                 veto_error_t *err)
{
    if (opt == NULL) {
        return VETO_OK;
    }
    if ((unsigned)opt->method > (unsigned)VETO_METHOD_MC) {
        return veto_i_misuse(err, func, "unknown method %d", (int)opt->method);
    }
    if ((opt->indices & ~VETO_INDEX_ALL) != 0) {
        return veto_i_misuse(err, func, "indices 0x%x has bits beyond the %d "
                             "indices", opt->indices, (int)VETO_NINDEX);
    }
    if (!(opt->timeout >= 0) || opt->timeout > 1e12) {
        return veto_i_misuse(err, func, "timeout %g is not a number of "
                             "seconds from 0 to 1e12", opt->timeout);
    }
    /* 0 means the default for epsilon and confidence. */
    if (opt->epsilon != 0 && !(opt->epsilon > 0 && opt->epsilon < 1)) {
        return veto_i_misuse(err, func, "epsilon %g is not in (0, 1)",
                             opt->epsilon);
    }
    if (opt->confidence != 0 &&
        !(opt->confidence > 0 && opt->confidence < 1)) {
        return veto_i_misuse(err, func, "confidence %g is not in (0, 1)",
                             opt->confidence);
    }
    if (opt->nranks == 0 || opt->rank >= opt->nranks) {
        return veto_i_misuse(err, func, "rank %llu is not below nranks %llu",
                             (unsigned long long)opt->rank,
                             (unsigned long long)opt->nranks);
    }
    if (opt->nranks > 1 && opt->reduce == NULL) {
        return veto_i_misuse(err, func, "nranks %llu needs a reduce callback",
                             (unsigned long long)opt->nranks);
    }
    return VETO_OK;
}

void veto_error_clear(veto_error_t *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
}

const char *veto_strerror(veto_status code)
{
    switch (code) {
    case VETO_OK: return "success";
    case VETO_ENOMEM: return "out of memory";
    case VETO_EPARSE: return "syntax error";
    case VETO_EINVAL: return "invalid model";
    case VETO_EOVERFLOW: return "number too large";
    case VETO_ELIMIT: return "resource limit exceeded";
    case VETO_EMISUSE: return "invalid request";
    case VETO_EIO: return "input/output error";
    case VETO_ECANCELLED: return "cancelled";
    case VETO_ETIMEOUT: return "time limit reached";
    case VETO_EUNSUPPORTED: return "not supported by this method";
    }
    return "unknown error";
}

double veto_i_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double veto_i_ctx_now(const veto_i_ctx_t *ctx)
{
    if (ctx != NULL && ctx->clock != NULL) {
        return ctx->clock(ctx->clock_user);
    }
    return veto_i_now();
}

veto_status veto_i_poll(const veto_i_ctx_t *ctx, double fraction,
                        const char *stage, veto_error_t *err)
{
    if (ctx == NULL) {
        return VETO_OK;
    }
    if (ctx->deadline > 0 && veto_i_ctx_now(ctx) > ctx->deadline) {
        return veto_i_errorf(err, VETO_ETIMEOUT,
                             "time limit reached during %s", stage);
    }
    if (ctx->progress != NULL &&
        ctx->progress(ctx->progress_user, fraction, stage) != 0) {
        return veto_i_errorf(err, VETO_ECANCELLED, "cancelled during %s",
                             stage);
    }
    return VETO_OK;
}

static void format_bytes(char *buf, size_t cap, uint64_t bytes)
{
    if (bytes == UINT64_MAX) {
        snprintf(buf, cap, "more than 16 EiB");
    } else if (bytes >= (1ull << 30)) {
        snprintf(buf, cap, "%.1f GiB", (double)bytes / (double)(1ull << 30));
    } else if (bytes >= (1ull << 20)) {
        snprintf(buf, cap, "%.1f MiB", (double)bytes / (double)(1ull << 20));
    } else {
        snprintf(buf, cap, "%llu bytes", (unsigned long long)bytes);
    }
}

void veto_i_advise(veto_error_t *err, const veto_i_advice_t *advice)
{
    if (advice != NULL) {
        veto_i_error_hint_code(err, advice->code, advice->a0, advice->a1,
                               NULL);
    }
}

veto_status veto_i_budget_check(const veto_i_ctx_t *ctx, uint64_t bytes,
                                const char *what,
                                const veto_i_advice_t *advice,
                                veto_error_t *err)
{
    uint64_t budget = ctx != NULL ? ctx->max_memory : 0;
    if (budget == 0 || bytes <= budget) {
        return VETO_OK;
    }
    char need[64], have[64];
    format_bytes(need, sizeof need, bytes);
    format_bytes(have, sizeof have, budget);
    veto_i_errorf(err, VETO_ELIMIT, "%s would need %s, over the memory budget of %s",
                  what, need, have);
    veto_i_advise(err, advice);
    return VETO_ELIMIT;
}

uint64_t veto_i_sat_mul(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

uint64_t veto_i_sat_add(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

uint64_t veto_i_physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES);
    long size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0) {
        return 0;
    }
    return (uint64_t)pages * (uint64_t)size;
}

void veto_i_buf_vprintf(veto_i_buf_t *b, const char *fmt, va_list ap)
{
    if (b->oom) {
        return;
    }
    va_list ap2;
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (need < 0) {
        b->oom = true;
        return;
    }
    if (b->len + (size_t)need + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 128 : b->cap;
        while (b->len + (size_t)need + 1 > cap) {
            cap *= 2;
        }
        char *s = veto_i_realloc(b->s, cap);
        if (s == NULL) {
            b->oom = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)need;
}

void veto_i_buf_printf(veto_i_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    veto_i_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void veto_i_buf_mpz(veto_i_buf_t *b, const mpz_t z)
{
    /* Our allocator, not GMP's: sized from mpz_sizeinbase (+ sign, NUL). */
    char *s = veto_i_malloc(mpz_sizeinbase(z, 10) + 2);
    if (s == NULL) {
        b->oom = true;
        return;
    }
    mpz_get_str(s, 10, z);
    veto_i_buf_printf(b, "%s", s);
    veto_i_free(s);
}

void veto_i_buf_mpq(veto_i_buf_t *b, const mpq_t q)
{
    char *s = veto_i_malloc(mpz_sizeinbase(mpq_numref(q), 10) +
                            mpz_sizeinbase(mpq_denref(q), 10) + 3);
    if (s == NULL) {
        b->oom = true;
        return;
    }
    mpq_get_str(s, 10, q);
    veto_i_buf_printf(b, "%s", s);
    veto_i_free(s);
}

double veto_i_q_to_double(const mpq_t q)
{
    int sign = mpq_sgn(q);
    if (sign == 0) {
        return 0.0;
    }
    /* |q| = a / b. Choose s so that floor(a * 2^s / b) has 53 or 54 bits,
     * but never scale past 2^1074: below DBL_MIN the double has fewer
     * significant bits, and rounding must happen at that precision. */
    mpz_t a, b, t, r;
    mpz_init(a);
    mpz_init(t);
    mpz_init(r);
    mpz_abs(a, mpq_numref(q));
    mpz_init_set(b, mpq_denref(q));
    long s = 53 - ((long)mpz_sizeinbase(a, 2) - (long)mpz_sizeinbase(b, 2));
    if (s > 1074) {
        s = 1074;
    }
    if (s >= 0) {
        mpz_mul_2exp(a, a, (mp_bitcnt_t)s);
    } else {
        mpz_mul_2exp(b, b, (mp_bitcnt_t)-s);
    }
    mpz_tdiv_qr(t, r, a, b);
    /* t has 53 or 54 bits (fewer only when capped at 2^-1074); drop the
     * bit beyond 53, folding the remainder into the sticky test. */
    size_t bits = mpz_sizeinbase(t, 2);
    int cmp;
    if (bits > 53) {
        /* One extra bit: halve, the dropped bit is the round bit. */
        int round = mpz_tstbit(t, 0);
        mpz_fdiv_q_2exp(t, t, 1);
        s--;
        bool sticky = mpz_sgn(r) != 0;
        cmp = round ? (sticky ? 1 : 0) : -1;
    } else {
        /* Compare the remainder r/b with 1/2. */
        mpz_mul_2exp(r, r, 1);
        cmp = mpz_cmp(r, b);
        cmp = cmp > 0 ? 1 : cmp < 0 ? -1 : 0;
    }
    if (cmp > 0 || (cmp == 0 && mpz_odd_p(t))) {
        mpz_add_ui(t, t, 1);
    }
    /* t <= 2^53 fits a double exactly; the scaling by 2^-s is exact unless
     * it overflows (then infinity, as it should be). */
    double d = ldexp(mpz_get_d(t), s < -100000 ? 100000 : (int)-s);
    mpz_clear(a);
    mpz_clear(b);
    mpz_clear(t);
    mpz_clear(r);
    return sign < 0 ? -d : d;
}

void veto_i_fmt_double(char *buf, size_t size, double d)
{
    if (d == 0) {
        snprintf(buf, size, "0");
        return;
    }
    if (isnan(d)) {
        snprintf(buf, size, "nan");
        return;
    }
    if (isinf(d)) {
        snprintf(buf, size, d < 0 ? "-inf" : "inf");
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, d);
        if (strtod(buf, NULL) == d) {
            break;
        }
    }
    /* %g writes "1e-05"; keep the exponent but drop its leading zero. */
    char *e = strchr(buf, 'e');
    if (e != NULL) {
        char *x = e + 1;
        if (*x == '-' || *x == '+') {
            x++;
        }
        if (e[1] == '+') {
            memmove(e + 1, e + 2, strlen(e + 2) + 1);
            x--;
        }
        while (*x == '0' && x[1] != '\0') {
            memmove(x, x + 1, strlen(x + 1) + 1);
        }
    }
}
