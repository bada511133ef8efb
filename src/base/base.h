/*
 * base.h: what every room shares: allocation through one place, the error
 * record, the run context (memory budget, deadline, cancellation).
 * This room is left of model/ in the flow; it includes nothing of ours but
 * veto.h.
 */
#ifndef VETO_BASE_H
#define VETO_BASE_H

#include "veto.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation. Every allocation of veto's own goes through these, so that a
 * test can make the k-th one fail (veto_i_alloc_fail_after). GMP allocates
 * on its own and aborts on failure: size GMP numbers from proven bounds and
 * check the memory budget (veto_i_budget_check) before asking it for
 * anything large. */
void *veto_i_malloc(size_t size);
void *veto_i_calloc(size_t count, size_t size);
void *veto_i_realloc(void *p, size_t size);
/* count * size with an overflow check; NULL on overflow or failure. */
void *veto_i_mallocarray(size_t count, size_t size);
void *veto_i_reallocarray(void *p, size_t count, size_t size);
char *veto_i_strdup(const char *s);
char *veto_i_strndup(const char *s, size_t n);
void veto_i_free(void *p);

/* Test hook: make the k-th allocation from now on (k >= 1) and every later
 * one fail, in this thread; k = 0 switches failure injection off. Returns
 * the number of allocations made since the last call. */
uint64_t veto_i_alloc_fail_after(uint64_t k);

/* How many allocations through these functions have failed in this thread
 * (injected or real). A caller of a library that allocates through them
 * but reports failures in its own way (jansson, when a test installs them
 * with json_set_alloc_funcs) compares two readings to tell out of memory
 * from a reported error. */
uint64_t veto_i_alloc_failures(void);

/* Fill an error record. file may be NULL; line/col 0 for none; context is
 * the source line (may be NULL). Returns code, so that
 * `return veto_i_error(err, VETO_EINVAL, ...)` reads naturally. */
veto_status veto_i_error(veto_error_t *err, veto_status code,
                         const char *file, unsigned line, unsigned col,
                         const char *context, size_t context_len,
                         const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* The same without a position. */
veto_status veto_i_errorf(veto_error_t *err, veto_status code,
                          const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set the advice line (err->hint). */
void veto_i_error_hint(veto_error_t *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set the advice as data (err->hint_code, err->hint_arg; NULL arguments
 * are empty) and its words (err->hint, as veto_hint_text gives them). */
void veto_i_error_hint_code(veto_error_t *err, veto_hint_code code,
                            const char *a0, const char *a1, const char *a2);

/* Argument checks at the public entry points: VETO_EMISUSE with the
 * message "FUNC: what". */
veto_status veto_i_misuse(veto_error_t *err, const char *func,
                          const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The ranges of veto_options_t (NULL is fine: the defaults). */
veto_status veto_i_check_options(const veto_options_t *opt, const char *func,
                                 veto_error_t *err);
/* At a public entry: when the caller passed no error record, use a local
 * one, so that code below may always write into err. */
#define VETO_I_ERR_SCRATCH()                                                   \
    veto_error_t veto_i_scratch_;                                              \
    if (err == NULL) {                                                         \
        err = &veto_i_scratch_;                                                \
    }
/* Refuse a NULL pointer argument: `VETO_I_NONNULL(model);` in a function
 * returning veto_status, with err in scope. */
#define VETO_I_NONNULL(arg)                                                    \
    do {                                                                       \
        if ((arg) == NULL) {                                                   \
            return veto_i_misuse(err, __func__, "%s is NULL", #arg);           \
        }                                                                      \
    } while (0)

/* Propagate: `VETO_TRY(f(...));` jumps to `cleanup:` with rc set. */
#define VETO_TRY(expr)                                                         \
    do {                                                                       \
        rc = (expr);                                                           \
        if (rc != VETO_OK) {                                                   \
            goto cleanup;                                                      \
        }                                                                      \
    } while (0)

/* Allocate or fail with VETO_ENOMEM: `VETO_ALLOC(p, veto_i_calloc(n, s));` */
#define VETO_ALLOC(ptr, expr)                                                  \
    do {                                                                       \
        (ptr) = (expr);                                                        \
        if ((ptr) == NULL) {                                                   \
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");             \
            goto cleanup;                                                      \
        }                                                                      \
    } while (0)

/* The run context every engine receives: budget, deadline, progress. */
typedef struct veto_i_ctx {
    uint64_t max_memory;   /* bytes an engine may plan to use */
    double deadline;       /* veto_i_now() value to stop at; 0 = none */
    veto_progress_fn progress;
    void *progress_user;
    unsigned threads;      /* >= 1 */
    uint64_t seed;
    uint64_t samples;
    double epsilon;
    double confidence;
    /* Several processes (veto-mpi), as in veto_options_t: the exact dp
     * gives each rank its share of the primes and sums the residues. */
    uint64_t rank;
    uint64_t nranks; /* 0 or 1: alone */
    veto_status (*reduce)(void *user, uint64_t *sums, size_t len);
    void *reduce_user;
    /* The clock the deadline, the polls and the planner's probes read:
     * NULL for veto_i_now; tests inject a fake one (a fixed cost per call)
     * so that the planner's choice under a deadline is deterministic. */
    double (*clock)(void *user);
    void *clock_user;
} veto_i_ctx_t;

/* Monotonic seconds. */
double veto_i_now(void);
/* The context's clock (ctx->clock, else veto_i_now; ctx may be NULL). */
double veto_i_ctx_now(const veto_i_ctx_t *ctx);

/* Check deadline and cancellation; call at block boundaries, not in inner
 * loops. Returns VETO_OK, VETO_ETIMEOUT or VETO_ECANCELLED (err filled). */
veto_status veto_i_poll(const veto_i_ctx_t *ctx, double fraction,
                        const char *stage, veto_error_t *err);

/* Advice as data (a hint code and its first two parameters), so that an
 * engine can name it once: `#define ADVICE (&(const veto_i_advice_t){
 * VETO_HINT_MEMORY, "bdd", "mc"})`. */
typedef struct veto_i_advice {
    veto_hint_code code;
    const char *a0, *a1;
} veto_i_advice_t;
/* Set err's hint to advice (NULL: leave it). */
void veto_i_advise(veto_error_t *err, const veto_i_advice_t *advice);

/* Refuse a plan that needs more than the budget: VETO_ELIMIT naming what
 * and how much, with `advice` as the hint (may be NULL). bytes may be
 * UINT64_MAX for "overflowed while estimating". */
veto_status veto_i_budget_check(const veto_i_ctx_t *ctx, uint64_t bytes,
                                const char *what,
                                const veto_i_advice_t *advice,
                                veto_error_t *err);

/* A growing string, for the texts the library returns (veto check, rule
 * text, the rule in words). After an allocation failure `oom` is set and
 * further appends do nothing; the owner frees `s` with veto_i_free. */
typedef struct veto_i_buf {
    char *s;
    size_t len, cap;
    bool oom;
} veto_i_buf_t;

void veto_i_buf_printf(veto_i_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void veto_i_buf_vprintf(veto_i_buf_t *b, const char *fmt, va_list ap);
/* Decimal digits of an integer or "p/q" of a rational. */
void veto_i_buf_mpz(veto_i_buf_t *b, const mpz_t z);
void veto_i_buf_mpq(veto_i_buf_t *b, const mpq_t q);

/* The double nearest to q, ties to even, computed exactly from q's
 * numerator and denominator (GMP's mpq_get_d truncates). Subnormal
 * results are rounded at their own precision; beyond DBL_MAX gives
 * infinity. Time: one division of numbers of q's size. */
double veto_i_q_to_double(const mpq_t q);

/* The shortest decimal that strtod reads back as exactly d ("0.432",
 * "0.19627039627039627", "2.5e-10"), written into buf (size >= 32);
 * "0" for zero, "nan"/"inf"/"-inf" for those. Every writer formats
 * decimals through this. Time: at most 17 trial conversions. */
void veto_i_fmt_double(char *buf, size_t size, double d);

/* Saturating arithmetic for size estimates. */
uint64_t veto_i_sat_mul(uint64_t a, uint64_t b);
uint64_t veto_i_sat_add(uint64_t a, uint64_t b);

/* Physical memory in bytes (0 if unknown). */
uint64_t veto_i_physical_memory(void);

#endif /* VETO_BASE_H */
