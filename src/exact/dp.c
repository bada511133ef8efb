/*
 * dp.c: the fast exact engine for weighted games [q; w_1..w_n].
 *
 * Reduction first (every index is a property of the game, not of its
 * representation): players of weight 0 are taken out (z of them; they are
 * dummies), the weights and the quota are divided by the gcd of the weights
 * (quota rounded up), and weights above the quota are capped at it. What
 * remains is m players with 1 <= w_i <= q, split into d classes of equal
 * weight, sorted by weight descending (ties by index).
 *
 * Arithmetic: every count we need is a non-negative integer below 2^(m+1),
 * so each pass runs modulo r = ceil((m+1)/30) primes p < 2^31 (sums of two
 * residues fit a 32-bit word; the hot loops are add / subtract / unsigned
 * min, which vectorise), one prime per thread, and only the final values
 * go through a CRT (Garner) into mpz_t. Per prime the working set is one
 * array of q words (Banzhaf), so it stays in cache. The number of threads
 * never changes a result: each prime is an independent computation.
 *
 * Complexity per index (r primes, d distinct weights, q reduced quota):
 *  - WINNING, SWINGS (Banzhaf, Coleman, power to act): the product
 *    F(x) = prod (1 + x^w_i) mod x^q, its prefix sums Fc, and for each
 *    weight class the alternating sum
 *    swings = Fc(q) - 2 Fc(q-w) + 2 Fc(q-2w) - ...  (from G_i = F - x^w G_i).
 *    Time O(r (m q + q sum_classes 1/w)), memory O(q) words per thread.
 *  - SSI: the same with coalition size: a table P(t, k) for t < q and
 *    k <= kmax(t) (the most players whose weights sum to at most t; entries
 *    below kmin(t), the fewest players that reach t, are zero and skipped),
 *    swings by size from alternating sums over (t - l w, k - l).
 *    Time O(r m sum_t kmax(t)) <= O(r m^2 q), memory sum_t kmax(t) words
 *    per thread (about q m / 2 for random weights).
 *  - MWC (Holler) and DPI (Deegan-Packel): a minimal winning coalition is
 *    counted once, by its lightest member j: S = {j} + R, R among the players
 *    before j, q - w_j <= w(R) < q. mwc[i] = mwc(N) - mwc(N - i); the
 *    second term is an alternating sum over an accumulator built while
 *    dividing the players out of the product from the lightest up.
 *    MWC: time O(r m q), memory 2 q words per thread.
 *    DPI (by size): time O(r m^2 q), memory 2 q m words per thread.
 *  - JOHNSTON: split by the excess e = w(S) - q: the critical players of a
 *    winning S are its members heavier than e. For each of the d ranges of
 *    e between consecutive distinct weights, heavy players (by weight and
 *    size) meet light players (by weight); each heavy class is divided out
 *    once. Time O(r d^2 m q), memory 3 * 2q m words per thread: the costly
 *    one, as in the literature.
 *  - PROPER/strong: subset sums as a bitset over the total reduced weight
 *    T <= m q: O(m T / 64) words operations, T / 8 bytes.
 *  - Beliefs (doubles): the distribution of the weight of the free players'
 *    yes votes (convex combinations only, no division), and each player's
 *    distribution of the others by divide and conquer over the players:
 *    O(m q log m), memory O(q log m). Exact (mpq): the integer polynomial
 *    prod ((b - a) + a x^w) (belief a / b) and exact division per player:
 *    O(m q) operations on integers of O(m log b) bits.
 */
#include "counts.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

typedef uint32_t u32;
typedef uint64_t u64;

/* Above this reduced quota the tables are not worth planning for. */
#define DP_MAX_QUOTA ((u64)1 << 40)
/* Every prime we use lies in (2^30, 2^31). */
#define PRIME_BITS 30

#define ADVICE (&(const veto_i_advice_t){VETO_HINT_MEMORY, "dp", "mc"})

/* Vector kernels: cloned for the wide instruction sets where the compiler
 * can pick at load time (not under sanitizers, whose runtime starts after
 * the resolvers run). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&        \
    !defined(__SANITIZE_ADDRESS__) && defined(__OPTIMIZE__)
#define DP_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#elif defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE__)
/* Unoptimised (sanitizer) builds: the kernels alone are optimised, or they
 * dominate every test that runs the engine. */
#define DP_CLONES __attribute__((optimize("O2")))
#else
#define DP_CLONES
#endif

/* ---- modular kernels ---------------------------------------------------- */

/* Inlined even in unoptimised (sanitizer) builds, where the calls would
 * dominate the test time. */
#if defined(__GNUC__)
#define DP_INLINE static inline __attribute__((always_inline))
#else
#define DP_INLINE static inline
#endif

/* a, b < p < 2^31: the sum fits 32 bits; min picks the reduced one. */
DP_INLINE u32 addm(u32 a, u32 b, u32 p)
{
    u32 s = a + b;
    u32 t = s - p;
    return t < s ? t : s;
}

DP_INLINE u32 subm(u32 a, u32 b, u32 p)
{
    return addm(a, p - b, p);
}

DP_INLINE u32 mulm(u32 a, u32 b, u32 p)
{
    return (u32)((u64)a * b % p);
}

/* dst[i] += src[i] (mod p); dst and src must not overlap. */
DP_CLONES
static void k_add(u32 *restrict dst, const u32 *restrict src, size_t len,
                  u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = addm(dst[i], src[i], p);
    }
}

/* dst[i] -= src[i] (mod p); dst and src must not overlap. */
DP_CLONES
static void k_sub(u32 *restrict dst, const u32 *restrict src, size_t len,
                  u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = subm(dst[i], src[i], p);
    }
}

/* dst[i] += a[i] - b[i] (mod p). */
DP_CLONES
static void k_addsub(u32 *restrict dst, const u32 *restrict a,
                     const u32 *restrict b, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = addm(dst[i], subm(a[i], b[i], p), p);
    }
}

/* Multiply the series a[0..len) by (1 + x^w) in place, truncated at len:
 * a[t] += a[t - w], t descending. Blocks of at most w entries never overlap
 * their sources, so each block is one vector kernel call. */
static void series_mul(u32 *a, size_t len, size_t w, u32 p)
{
    if (w >= len) {
        return;
    }
    size_t hi = len; /* process t in [w, hi) from the top */
    while (hi > w) {
        size_t b = hi - w < w ? hi - w : w;
        if (b > 4096) {
            b = 4096;
        }
        k_add(a + hi - b, a + hi - b - w, b, p);
        hi -= b;
    }
}

/* Divide the series a[0..len) by (1 + x^w) in place: a[t] -= a[t - w],
 * t ascending (exact: 1 + x^w is a unit of the power series ring). */
static void series_div(u32 *a, size_t len, size_t w, u32 p)
{
    size_t lo = w;
    while (lo < len) {
        size_t b = len - lo < w ? len - lo : w;
        if (b > 4096) {
            b = 4096;
        }
        k_sub(a + lo, a + lo - w, b, p);
        lo += b;
    }
}

/* ---- primes and the CRT --------------------------------------------------- */

static u64 powm64(u64 b, u64 e, u64 p)
{
    u64 r = 1;
    b %= p;
    while (e > 0) {
        if (e & 1) {
            r = r * b % p; /* p < 2^32: products < 2^64 */
        }
        b = b * b % p;
        e >>= 1;
    }
    return r;
}

/* Deterministic Miller-Rabin for n < 2^32 (bases 2, 7, 61). */
static bool is_prime_u32(u32 n)
{
    if (n < 2) {
        return false;
    }
    static const u32 small[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37,
                                41, 43, 47, 53, 59, 61};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        if (n % small[i] == 0) {
            return n == small[i];
        }
    }
    u32 d = n - 1;
    unsigned s = 0;
    while ((d & 1) == 0) {
        d >>= 1;
        s++;
    }
    static const u32 base[] = {2, 7, 61};
    for (size_t i = 0; i < 3; i++) {
        u64 x = powm64(base[i], d, n);
        if (x == 1 || x == n - 1) {
            continue;
        }
        bool comp = true;
        for (unsigned j = 1; j < s; j++) {
            x = x * x % n;
            if (x == n - 1) {
                comp = false;
                break;
            }
        }
        if (comp) {
            return false;
        }
    }
    return true;
}

typedef struct crt {
    size_t r;
    u32 *p;   /* [r] primes, descending from 2^31 */
    u32 *inv; /* [r * r]: inv[j * r + i] = p_i^{-1} mod p_j, i < j */
} crt_t;

static void crt_clear(crt_t *c)
{
    veto_i_free(c->p);
    veto_i_free(c->inv);
    memset(c, 0, sizeof *c);
}

/* Enough primes for values below 2^bits. */
static veto_status crt_init(crt_t *c, u64 bits, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(c, 0, sizeof *c);
    size_t r = (size_t)(bits / PRIME_BITS + 1);
    c->r = r;
    VETO_ALLOC(c->p, veto_i_mallocarray(r, sizeof *c->p));
    VETO_ALLOC(c->inv, veto_i_mallocarray(r * r, sizeof *c->inv));
    u32 cand = 0x7fffffffu;
    for (size_t j = 0; j < r; j++) {
        while (!is_prime_u32(cand)) {
            cand -= 2;
        }
        c->p[j] = cand;
        cand -= 2;
    }
    for (size_t j = 0; j < r; j++) {
        for (size_t i = 0; i < j; i++) {
            c->inv[j * r + i] =
                (u32)powm64(c->p[i] % c->p[j], c->p[j] - 2, c->p[j]);
        }
    }
cleanup:
    if (rc != VETO_OK) {
        crt_clear(c);
    }
    return rc;
}

/* out = the value in [0, prod p) with residues res[j * stride], by Garner's
 * mixed radix. digit: r words of scratch. O(r^2). */
static void crt_value(mpz_t out, const crt_t *c, const u32 *res, size_t stride,
                      u32 *digit)
{
    size_t r = c->r;
    for (size_t j = 0; j < r; j++) {
        u32 pj = c->p[j];
        u32 x = res[j * stride];
        for (size_t i = 0; i < j; i++) {
            x = mulm(subm(x, digit[i] % pj, pj), c->inv[j * r + i], pj);
        }
        digit[j] = x;
    }
    mpz_set_ui(out, digit[r - 1]);
    for (size_t j = r - 1; j-- > 0;) {
        mpz_mul_ui(out, out, c->p[j]);
        mpz_add_ui(out, out, digit[j]);
    }
}

/* ---- the reduced game ------------------------------------------------------ */

enum { GAME_NORMAL, GAME_ALL, GAME_NONE };

typedef struct rgame {
    size_t n;     /* all players */
    size_t m;     /* players of positive weight */
    size_t z;     /* players of weight zero */
    int kind;     /* GAME_*: ALL every coalition wins, NONE none does */
    u64 q;        /* reduced quota, 1 <= q <= DP_MAX_QUOTA when NORMAL */
    u64 total;    /* sum of the reduced, capped weights (<= m q) */
    size_t *ord;  /* [m] original index, weight descending, ties by index */
    u64 *w;       /* [m] weights in that order, 1 <= w <= q */
    size_t d;     /* distinct weights */
    size_t *cls;  /* [d + 1] class c is ord[cls[c] .. cls[c + 1]) */
    size_t *cls_of; /* [m] class of each position */
} rgame_t;

static void rgame_clear(rgame_t *g)
{
    veto_i_free(g->ord);
    veto_i_free(g->w);
    veto_i_free(g->cls);
    veto_i_free(g->cls_of);
    memset(g, 0, sizeof *g);
}

typedef struct sort_item {
    u64 w;
    size_t i;
} sort_item_t;

static int cmp_desc(const void *a, const void *b)
{
    const sort_item_t *x = a, *y = b;
    if (x->w != y->w) {
        return x->w > y->w ? -1 : 1;
    }
    return x->i < y->i ? -1 : (x->i > y->i);
}

/* Reduce g (see the top of the file). Errors: ENOMEM; ELIMIT when the
 * reduced quota exceeds DP_MAX_QUOTA. O(n log n) plus the gcd. */
static veto_status rgame_init(rgame_t *rg, const veto_i_wgame_t *g,
                              veto_error_t *err)
{
    veto_status rc = VETO_OK;
    sort_item_t *items = NULL;
    mpz_t gcd, total, q, t;
    mpz_inits(gcd, total, q, t, NULL);
    memset(rg, 0, sizeof *rg);
    rg->n = g->n;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) > 0) {
            rg->m++;
            mpz_gcd(gcd, gcd, g->w[i]);
            mpz_add(total, total, g->w[i]);
        }
    }
    rg->z = g->n - rg->m;
    if (mpz_sgn(g->quota) <= 0) {
        rg->kind = GAME_ALL;
        goto cleanup;
    }
    if (mpz_cmp(g->quota, total) > 0) {
        rg->kind = GAME_NONE;
        goto cleanup;
    }
    rg->kind = GAME_NORMAL;
    mpz_cdiv_q(q, g->quota, gcd);
    if (mpz_cmp_ui(q, 0) <= 0 || mpz_sizeinbase(q, 2) > 41 ||
        mpz_get_ui(q) > DP_MAX_QUOTA) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "the dp engine cannot take a quota of %zu bits "
                           "(after dividing by the weights' gcd)",
                           mpz_sizeinbase(q, 2));
        veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "dp", "mc", NULL);
        goto cleanup;
    }
    rg->q = (u64)mpz_get_ui(q);
    size_t m = rg->m;
    VETO_ALLOC(items, veto_i_mallocarray(m, sizeof *items));
    VETO_ALLOC(rg->ord, veto_i_mallocarray(m, sizeof *rg->ord));
    VETO_ALLOC(rg->w, veto_i_mallocarray(m, sizeof *rg->w));
    VETO_ALLOC(rg->cls_of, veto_i_mallocarray(m, sizeof *rg->cls_of));
    VETO_ALLOC(rg->cls, veto_i_mallocarray(m + 1, sizeof *rg->cls));
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) > 0) {
            mpz_divexact(t, g->w[i], gcd);
            u64 w = mpz_cmp_ui(t, rg->q) >= 0 ? rg->q : (u64)mpz_get_ui(t);
            items[k].w = w;
            items[k].i = i;
            k++;
        }
    }
    qsort(items, m, sizeof *items, cmp_desc);
    rg->total = 0;
    rg->d = 0;
    for (size_t j = 0; j < m; j++) {
        rg->ord[j] = items[j].i;
        rg->w[j] = items[j].w;
        rg->total = veto_i_sat_add(rg->total, items[j].w); /* <= m q */
        if (j == 0 || items[j].w != items[j - 1].w) {
            rg->cls[rg->d++] = j;
        }
        rg->cls_of[j] = rg->d - 1;
    }
    rg->cls[rg->d] = m;
cleanup:
    veto_i_free(items);
    mpz_clears(gcd, total, q, t, NULL);
    if (rc != VETO_OK) {
        rgame_clear(rg);
    }
    return rc;
}

/* sum over t < q of (kmax(t) + 1), kmax(t) the most players whose weights
 * sum to at most t: the entries of the table by weight and size. */
static u64 size_table_entries(const rgame_t *rg)
{
    u64 sum = rg->q; /* k = 0 */
    u64 s = 0;
    for (size_t j = rg->m; j-- > 0;) { /* lightest first */
        s += rg->w[j];
        if (s >= rg->q) {
            break;
        }
        sum += rg->q - s;
    }
    return sum;
}

/* ---- threads and polling --------------------------------------------------- */

typedef struct poller {
    const veto_i_ctx_t *ctx;
    veto_error_t *err;
    const char *stage;
    atomic_int stop;
    veto_status rc; /* written by thread 0 only */
    size_t nprime;
} poller_t;

static int thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* Called at block boundaries by every thread; only thread 0 talks to the
 * context. Returns false when the run must stop. */
static bool poll_at(poller_t *pl, size_t prime, double frac)
{
    if (atomic_load_explicit(&pl->stop, memory_order_relaxed)) {
        return false;
    }
    if (thread_id() == 0) {
        double f = ((double)prime + frac) / (double)pl->nprime;
        veto_status rc = veto_i_poll(pl->ctx, f > 1 ? 1 : f, pl->stage,
                                     pl->err);
        if (rc != VETO_OK) {
            pl->rc = rc;
            atomic_store(&pl->stop, 1);
            return false;
        }
    }
    return true;
}

/* Threads that fit: per-thread bytes on top of shared bytes. */
static unsigned fit_threads(const veto_i_ctx_t *ctx, u64 shared, u64 each,
                            size_t jobs)
{
    unsigned t = (ctx != NULL && ctx->threads > 0) ? ctx->threads : 1;
    if (t > jobs) {
        t = jobs > 0 ? (unsigned)jobs : 1;
    }
    u64 budget = ctx != NULL ? ctx->max_memory : 0;
    while (budget != 0 && t > 1 &&
           veto_i_sat_add(shared, veto_i_sat_mul(each, t)) > budget) {
        t--;
    }
    return t;
}

typedef struct job job_t;
/* One prime's work: residues into res (stride r, offset j). false on stop. */
typedef bool (*prime_fn)(const job_t *jb, size_t j, u32 *res);

struct job {
    const rgame_t *rg;
    const crt_t *crt;
    poller_t *pl;
    prime_fn fn;
    size_t items;  /* residues per prime */
    bool alloc_failed;
};

/* Run fn for every prime, nthreads at a time; res is [items][r]. */
static veto_status run_primes(job_t *jb, u32 *res, unsigned nthreads,
                              veto_error_t *err)
{
    size_t r = jb->crt->r;
    atomic_int failed = 0;
    (void)nthreads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads)
#endif
    for (size_t j = 0; j < r; j++) {
        if (atomic_load(&jb->pl->stop) || atomic_load(&failed)) {
            continue;
        }
        if (!jb->fn(jb, j, res)) {
            if (!atomic_load(&jb->pl->stop)) {
                atomic_store(&failed, 1);
            }
        }
    }
    if (jb->pl->rc != VETO_OK) {
        return jb->pl->rc;
    }
    if (atomic_load(&jb->pl->stop)) {
        return veto_i_errorf(err, VETO_ECANCELLED, "stopped during %s",
                             jb->pl->stage);
    }
    if (atomic_load(&failed)) {
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory in %s",
                             jb->pl->stage);
    }
    return VETO_OK;
}

/* ---- Banzhaf: winning and swings per class -------------------------------- */

/* Fc(t) = sum_{s < t} F(s), from the cumulative array c[0..q]. */
static inline u32 cum_at(const u32 *c, int64_t t)
{
    return t <= 0 ? 0 : c[t];
}

/* Residues: item 0 = Fc(q) (coalitions of weight < q), item 1 + c = swings
 * of a player of class c. */
static bool bz_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q;
    u32 *a = veto_i_calloc(q + 1, sizeof *a);
    if (a == NULL) {
        return false;
    }
    a[0] = 1;
    u64 reach = 0;
    for (size_t k = rg->m; k-- > 0;) { /* lightest first: short reach */
        size_t w = (size_t)rg->w[k];
        reach += w;
        size_t len = reach + 1 < q ? (size_t)reach + 1 : q;
        series_mul(a, len, w, p);
        if ((k & 31) == 0 && !poll_at(jb->pl, j, 0.9 * (double)(rg->m - k) /
                                                     (double)rg->m)) {
            veto_i_free(a);
            return false;
        }
    }
    /* in place: a[t] becomes Fc(t) = sum_{s<t} F(s), t = 0..q */
    u32 run = 0;
    for (size_t t = 0; t <= q; t++) {
        u32 v = t < q ? a[t] : 0;
        a[t] = run;
        run = addm(run, v, p);
    }
    res[0 * r + j] = a[q];
    for (size_t c = 0; c < rg->d; c++) {
        int64_t w = (int64_t)rg->w[rg->cls[c]];
        u32 s = a[q];
        u32 alt = 0; /* sum_{l>=1} (-1)^(l+1) Fc(q - l w) */
        int sign = 1;
        for (int64_t t = (int64_t)q - w; t > 0; t -= w) {
            alt = sign > 0 ? addm(alt, a[t], p) : subm(alt, a[t], p);
            sign = -sign;
        }
        s = subm(s, addm(alt, alt, p), p);
        res[(1 + c) * r + j] = s;
    }
    veto_i_free(a);
    return true;
}

/* ---- Shapley-Shubik: swings by size per class ----------------------------- */

typedef struct ktable {
    size_t q;
    u64 *off;  /* [q + 1] row t starts at off[t] */
    size_t *len; /* [q] entries of row t: kmax(t) + 1 */
    /* [q] fewest players of total weight t (the heaviest k reach t):
     * P(t, k) = 0 below, so the dp skips those entries */
    size_t *kmin;
} ktable_t;

static void ktable_clear(ktable_t *kt)
{
    veto_i_free(kt->off);
    veto_i_free(kt->len);
    veto_i_free(kt->kmin);
    memset(kt, 0, sizeof *kt);
}

static bool ktable_init(ktable_t *kt, const rgame_t *rg)
{
    size_t q = (size_t)rg->q;
    kt->q = q;
    kt->off = veto_i_mallocarray(q + 1, sizeof *kt->off);
    kt->len = veto_i_mallocarray(q == 0 ? 1 : q, sizeof *kt->len);
    kt->kmin = veto_i_mallocarray(q == 0 ? 1 : q, sizeof *kt->kmin);
    if (kt->off == NULL || kt->len == NULL || kt->kmin == NULL) {
        ktable_clear(kt);
        return false;
    }
    size_t k = 0;     /* kmax(t) */
    u64 next = rg->m > 0 ? rg->w[rg->m - 1] : UINT64_MAX; /* S_{k+1} */
    u64 off = 0;
    for (size_t t = 0; t < q; t++) {
        while (k < rg->m && next <= t) {
            k++;
            next = k < rg->m ? next + rg->w[rg->m - 1 - k] : UINT64_MAX;
        }
        kt->off[t] = off;
        kt->len[t] = k + 1;
        off += k + 1;
    }
    kt->off[q] = off;
    size_t h = 0; /* heaviest h players weigh heavy >= t */
    u64 heavy = 0;
    for (size_t t = 0; t < q; t++) {
        while (heavy < t && h < rg->m) {
            heavy += rg->w[h++];
        }
        kt->kmin[t] = h;
    }
    return true;
}

typedef struct ssi_job {
    job_t base;
    const ktable_t *kt;
} ssi_job_t;

/* Residues: item c * m + k = swings of a class-c player through coalitions
 * of size k (k < m). */
static bool ssi_prime(const job_t *jb, size_t j, u32 *res)
{
    const ssi_job_t *sj = (const ssi_job_t *)jb;
    const rgame_t *rg = jb->rg;
    const ktable_t *kt = sj->kt;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m;
    u32 *tab = veto_i_calloc(kt->off[q] == 0 ? 1 : (size_t)kt->off[q],
                             sizeof *tab);
    u32 *acc = veto_i_calloc(m + 1, sizeof *acc);
    if (tab == NULL || acc == NULL) {
        veto_i_free(tab);
        veto_i_free(acc);
        return false;
    }
    tab[0] = 1;
    u64 reach = 0;
    size_t done = 0;
    for (size_t x = m; x-- > 0;) { /* lightest first */
        size_t w = (size_t)rg->w[x];
        reach += w;
        done++;
        size_t hi = reach < q ? (size_t)reach + 1 : q;
        for (size_t t = hi; t-- > w;) {
            size_t kl = kt->len[t] - 1;
            size_t ks = kt->len[t - w]; /* source sizes 0..ks-1 -> 1..ks */
            if (kl > ks) {
                kl = ks;
            }
            if (kl > done) {
                kl = done;
            }
            size_t k0 = kt->kmin[t - w]; /* source entries below are 0 */
            if (k0 < kl) {
                k_add(tab + kt->off[t] + 1 + k0, tab + kt->off[t - w] + k0,
                      kl - k0, p);
            }
        }
        if (!poll_at(jb->pl, j, 0.9 * (double)done / (double)m)) {
            veto_i_free(tab);
            veto_i_free(acc);
            return false;
        }
    }
    /* rows become cumulative: row t = sum_{s <= t} P(s, .) */
    for (size_t t = 1; t < q; t++) {
        k_add(tab + kt->off[t], tab + kt->off[t - 1], kt->len[t - 1], p);
    }
    /* Fc(t, k) = row t - 1 (k < len(t - 1)), 0 beyond or for t <= 0 */
    for (size_t c = 0; c < rg->d; c++) {
        int64_t w = (int64_t)rg->w[rg->cls[c]];
        memset(acc, 0, (m + 1) * sizeof *acc);
        size_t l = 0;
        for (int64_t t1 = (int64_t)q; t1 > 0 && l < m; t1 -= w, l++) {
            /* acc[l + kk] += (-1)^l (Fc(t1, kk) - Fc(t1 - w, kk)) */
            size_t room = m - l; /* k = l + kk < m */
            const u32 *row1 = tab + kt->off[t1 - 1];
            size_t n1 = kt->len[t1 - 1] < room ? kt->len[t1 - 1] : room;
            (l % 2 == 0 ? k_add : k_sub)(acc + l, row1, n1, p);
            int64_t t2 = t1 - w;
            if (t2 > 0) {
                const u32 *row2 = tab + kt->off[t2 - 1];
                size_t n2 = kt->len[t2 - 1] < room ? kt->len[t2 - 1] : room;
                (l % 2 == 0 ? k_sub : k_add)(acc + l, row2, n2, p);
            }
        }
        for (size_t k = 0; k < m; k++) {
            res[(c * m + k) * r + j] = acc[k];
        }
    }
    veto_i_free(tab);
    veto_i_free(acc);
    return true;
}

/* ---- minimal winning coalitions --------------------------------------------- */

typedef struct mwc_job {
    job_t base;
    bool by_size;
} mwc_job_t;

/* Without sizes: item 0 = mwc total, item 1 + c = mwc containing a class-c
 * player. With sizes (s = 0..m): item s = total of size s, item
 * (1 + c) (m + 1) + s = of size s containing a class-c player. */
static bool mwc_prime(const job_t *jb, size_t j, u32 *res)
{
    const mwc_job_t *mj = (const mwc_job_t *)jb;
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m;
    size_t K = mj->by_size ? m + 1 : 1; /* row width */
    size_t rows = q + 1;
    u32 *hc = veto_i_calloc(rows * K, sizeof *hc);
    u32 *dd = veto_i_calloc(rows * K, sizeof *dd);
    u32 *tot = veto_i_calloc(K, sizeof *tot);
    u32 *one = veto_i_calloc(K, sizeof *one);
    bool *seen = veto_i_calloc(rg->d == 0 ? 1 : rg->d, sizeof *seen);
    bool ok = hc != NULL && dd != NULL && tot != NULL && one != NULL &&
              seen != NULL;
    if (!ok) {
        goto done;
    }
    /* H(t, k) over all players, t < q, as rows 0..q-1; then cumulative
     * Hc(t, k) = sum_{s < t} H(s, k) in rows 0..q. */
    hc[0] = 1;
    u64 reach = 0;
    for (size_t x = m; x-- > 0;) {
        size_t w = (size_t)rg->w[x];
        reach += w;
        size_t hi = reach < q ? (size_t)reach + 1 : q;
        if (K == 1) {
            series_mul(hc, hi, w, p);
        } else {
            for (size_t t = hi; t-- > w;) {
                k_add(hc + t * K + 1, hc + (t - w) * K, K - 1, p);
            }
        }
        if (!poll_at(jb->pl, j, 0.4 * (double)(m - x) / (double)m)) {
            ok = false;
            goto done;
        }
    }
    for (size_t t = q; t-- > 0;) {
        memcpy(hc + (t + 1) * K, hc + t * K, K * sizeof *hc);
    }
    memset(hc, 0, K * sizeof *hc);
    for (size_t t = 1; t <= q; t++) {
        k_add(hc + t * K, hc + (t - 1) * K, K, p);
    }
    /* From the lightest up: divide j out (Hc becomes the players before
     * j), count the MWCs whose lightest member is j, read i = j's count
     * from the accumulator of the later ones, then add j to it. */
    for (size_t x = m; x-- > 0;) {
        size_t w = (size_t)rg->w[x];
        if (K == 1) {
            series_div(hc, rows, w, p);
        } else {
            for (size_t t = w; t < rows; t++) {
                k_sub(hc + t * K + 1, hc + (t - w) * K, K - 1, p);
            }
        }
        /* cnt(s) = Hc(q, s - 1) - Hc(q - w, s - 1); without sizes K = 1 */
        const u32 *hq = hc + q * K, *hw = hc + (q - w) * K;
        if (K == 1) {
            one[0] = subm(hq[0], hw[0], p);
        } else {
            one[0] = 0;
            for (size_t s = 1; s < K; s++) {
                one[s] = subm(hq[s - 1], hw[s - 1], p);
            }
        }
        k_add(tot, one, K, p);
        size_t c = rg->cls_of[x];
        if (!seen[c]) {
            seen[c] = true;
            /* mine(s) = cnt(s) + sum_{l>=1} (-1)^(l+1) D(q - l w, s - l) */
            size_t l = 1;
            for (size_t t = q; t > w && (K == 1 || l < K); t -= w, l++) {
                const u32 *row = dd + (t - w) * K;
                if (K == 1) {
                    one[0] = (l & 1) ? addm(one[0], row[0], p)
                                     : subm(one[0], row[0], p);
                } else {
                    ((l & 1) ? k_add : k_sub)(one + l, row, K - l, p);
                }
            }
            for (size_t s = 0; s < K; s++) {
                res[((1 + c) * K + s) * r + j] = one[s];
            }
        }
        /* D(t, s) += Hc(t, s - 1) - Hc(t - w, s - 1) */
        if (K == 1) {
            size_t lo = w < rows ? w : rows;
            k_add(dd, hc, lo, p);
            if (rows > w) {
                k_addsub(dd + w, hc + w, hc, rows - w, p);
            }
        }
        for (size_t t = 1; K > 1 && t < rows; t++) {
            const u32 *h1 = hc + t * K;
            if (t >= w) {
                k_addsub(dd + t * K + 1, h1, hc + (t - w) * K, K - 1, p);
            } else {
                k_add(dd + t * K + 1, h1, K - 1, p);
            }
        }
        if (!poll_at(jb->pl, j, 0.4 + 0.6 * (double)(m - x) / (double)m)) {
            ok = false;
            goto done;
        }
    }
    for (size_t s = 0; s < K; s++) {
        res[s * r + j] = tot[s];
    }
done:
    veto_i_free(hc);
    veto_i_free(dd);
    veto_i_free(tot);
    veto_i_free(one);
    veto_i_free(seen);
    return ok;
}

/* ---- Johnston ------------------------------------------------------------ */

/* Residues: item c (m + 1) + k = winning coalitions in which a given class-c
 * player is critical and exactly k players are critical. */
static bool jo_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m, d = rg->d;
    size_t K = m + 1;
    size_t U = q + (size_t)rg->w[0]; /* w(S) < q + max weight when e < w */
    u32 *ah = veto_i_calloc(U * K, sizeof *ah);
    u32 *tmp = veto_i_calloc(U * K, sizeof *tmp);
    u32 *lw = veto_i_calloc(U, sizeof *lw);
    u32 *lc = veto_i_calloc(U + 1, sizeof *lc);
    u32 *lam = veto_i_calloc(U, sizeof *lam);
    u64 *acc = veto_i_calloc(K, sizeof *acc);
    u32 *cnt = veto_i_calloc(d * K, sizeof *cnt);
    bool ok = ah && tmp && lw && lc && lam && acc && cnt;
    if (!ok) {
        goto done;
    }
    ah[0] = 1;
    lw[0] = 1;
    for (size_t x = 0; x < m; x++) {
        size_t w = (size_t)rg->w[x];
        for (size_t t = U; t-- > w;) {
            k_add(ah + t * K + 1, ah + (t - w) * K, K - 1, p);
        }
    }
    for (size_t h = d; h >= 1; h--) {
        /* heavy: classes 0..h-1; e in [lo, hi] */
        size_t lo = h == d ? 0 : (size_t)rg->w[rg->cls[h]];
        size_t hi = (size_t)rg->w[rg->cls[h - 1]] - 1;
        lc[0] = 0;
        for (size_t t = 0; t < U; t++) {
            lc[t + 1] = addm(lc[t], lw[t], p);
        }
        /* lam(s): light subsets with q + lo <= s + w(L) <= q + hi */
        for (size_t s = 0; s < U; s++) {
            size_t a = q + lo > s ? q + lo - s : 0;
            size_t b = q + hi + 1 > s ? q + hi + 1 - s : 0;
            a = a > U ? U : a;
            b = b > U ? U : b;
            lam[s] = subm(lc[b], lc[a], p);
        }
        for (size_t c = 0; c < h; c++) {
            size_t w = (size_t)rg->w[rg->cls[c]];
            memcpy(tmp, ah, U * K * sizeof *tmp);
            for (size_t t = w; t < U; t++) {
                k_sub(tmp + t * K + 1, tmp + (t - w) * K, K - 1, p);
            }
            memset(acc, 0, K * sizeof *acc);
            for (size_t s = w; s < U; s++) {
                u32 l = lam[s];
                if (l == 0) {
                    continue;
                }
                const u32 *row = tmp + (s - w) * K;
                for (size_t k = 1; k < K; k++) {
                    acc[k] = (acc[k] + (u64)row[k - 1] * l) % p;
                }
            }
            for (size_t k = 0; k < K; k++) {
                cnt[c * K + k] = addm(cnt[c * K + k], (u32)acc[k], p);
            }
        }
        /* class h-1 turns light */
        size_t w = (size_t)rg->w[rg->cls[h - 1]];
        for (size_t x = rg->cls[h - 1]; x < rg->cls[h]; x++) {
            for (size_t t = w; t < U; t++) {
                k_sub(ah + t * K + 1, ah + (t - w) * K, K - 1, p);
            }
            series_mul(lw, U, w, p);
        }
        if (!poll_at(jb->pl, j, (double)(d - h + 1) / (double)d)) {
            ok = false;
            goto done;
        }
    }
    for (size_t x = 0; x < d * K; x++) {
        res[x * r + j] = cnt[x];
    }
done:
    veto_i_free(cnt);
    veto_i_free(ah);
    veto_i_free(tmp);
    veto_i_free(lw);
    veto_i_free(lc);
    veto_i_free(lam);
    veto_i_free(acc);
    return ok;
}

/* ---- proper / strong --------------------------------------------------------- */

static veto_status fill_proper(veto_i_counts_t *out, const rgame_t *rg,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    u64 *bits = NULL;
    if (rg->kind == GAME_ALL) {
        out->proper = VETO_NO; /* the empty coalition and N both win */
        out->strong = VETO_YES;
        goto cleanup;
    }
    if (rg->kind == GAME_NONE) {
        out->proper = VETO_YES;
        out->strong = VETO_NO; /* neither the empty coalition nor N wins */
        goto cleanup;
    }
    u64 T = rg->total, q = rg->q;
    size_t words = (size_t)(T / 64 + 1);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_mul(words, 8),
                                 "the subset sums for proper/strong", ADVICE,
                                 err));
    VETO_ALLOC(bits, veto_i_calloc(words, sizeof *bits));
    bits[0] = 1;
    u64 reach = 0;
    for (size_t x = 0; x < rg->m; x++) {
        u64 w = rg->w[x];
        reach += w;
        size_t top = (size_t)(reach / 64);
        size_t ws = (size_t)(w / 64);
        unsigned bs = (unsigned)(w % 64);
        for (size_t i = top + 1; i-- > ws;) {
            u64 v = bits[i - ws] << bs;
            if (bs != 0 && i > ws) {
                v |= bits[i - ws - 1] >> (64 - bs);
            }
            bits[i] |= v;
        }
        if ((x & 63) == 0) {
            VETO_TRY(veto_i_poll(ctx, (double)x / (double)rg->m,
                                 "dp proper", err));
        }
    }
    /* proper: no achievable s with q <= s <= T - q;
     * strong: no achievable s with T - q < s < q. */
    bool proper = true, strong = true;
    for (u64 s = 0; s <= T; s++) {
        if (!((bits[s / 64] >> (s % 64)) & 1)) {
            continue;
        }
        if (s >= q && s + q <= T) {
            proper = false;
        }
        if (s + q > T && s < q) {
            strong = false;
        }
    }
    out->proper = proper ? VETO_YES : VETO_NO;
    out->strong = strong ? VETO_YES : VETO_NO;
cleanup:
    veto_i_free(bits);
    if (rc == VETO_OK) {
        out->have |= VETO_I_NEED_PROPER;
    }
    return rc;
}

/* ---- estimate ---------------------------------------------------------------- */

static u64 estimate_rg(const rgame_t *rg, unsigned need)
{
    if (rg->kind != GAME_NORMAL) {
        return 4096;
    }
    u64 m = rg->m, q = rg->q, d = rg->d;
    u64 r = (m + 1) / PRIME_BITS + 1;
    u64 K = m + 1;
    u64 best = 0;
    u64 fixed = veto_i_sat_mul(m, 64); /* the reduced game */
    if (need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS)) {
        u64 b = veto_i_sat_add(veto_i_sat_mul(q + 1, 4),
                               veto_i_sat_mul(r * (d + 1), 4));
        best = b > best ? b : best;
    }
    if (need & VETO_I_NEED_SSI) {
        u64 b = veto_i_sat_mul(size_table_entries(rg), 4);
        b = veto_i_sat_add(b, veto_i_sat_mul(q, 24)); /* off, len, kmin */
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, d), m * 4));
        best = b > best ? b : best;
    }
    if (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) {
        u64 k = (need & VETO_I_NEED_DPI) ? K : 1;
        u64 b = veto_i_sat_mul(veto_i_sat_mul(q + 1, k), 8);
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, d + 1),
                                             k * 4));
        best = b > best ? b : best;
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        u64 U = q + rg->w[0];
        u64 b = veto_i_sat_mul(veto_i_sat_mul(U, K), 8);
        b = veto_i_sat_add(b, veto_i_sat_mul(U, 12));
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, d), K * 4));
        best = b > best ? b : best;
    }
    if (need & VETO_I_NEED_PROPER) {
        u64 b = rg->total / 8 + 8;
        best = b > best ? b : best;
    }
    return veto_i_sat_add(best, fixed);
}

uint64_t veto_i_dp_estimate(const veto_i_wgame_t *g, unsigned need)
{
    rgame_t rg;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    if (rgame_init(&rg, g, &err) != VETO_OK) {
        veto_error_clear(&err);
        return UINT64_MAX;
    }
    u64 b = estimate_rg(&rg, need);
    rgame_clear(&rg);
    veto_error_clear(&err);
    return b;
}

/* ---- counts ------------------------------------------------------------------- */

static void poller_init(poller_t *pl, const veto_i_ctx_t *ctx,
                        veto_error_t *err, const char *stage, size_t r)
{
    pl->ctx = ctx;
    pl->err = err;
    pl->stage = stage;
    atomic_init(&pl->stop, 0);
    pl->rc = VETO_OK;
    pl->nprime = r;
}

static veto_status do_banzhaf(veto_i_counts_t *out, const rgame_t *rg,
                              unsigned need, const veto_i_ctx_t *ctx,
                              veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    u32 *res = NULL, *digit = NULL;
    mpz_t v;
    mpz_init(v);
    VETO_TRY(crt_init(&crt, rg->m + 1, err));
    size_t r = crt.r, items = 1 + rg->d;
    u64 each = veto_i_sat_mul(rg->q + 1, 4);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for Banzhaf", ADVICE, err));
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    poller_init(&pl, ctx, err, "dp", r);
    job_t jb = {rg, &crt, &pl, bz_prime, items, false};
    VETO_TRY(run_primes(&jb, res, fit_threads(ctx, shared, each, r), err));
    /* winning = 2^m - Fc(q), times 2^z */
    crt_value(v, &crt, res, 1, digit);
    mpz_set_ui(out->winning, 0);
    mpz_setbit(out->winning, rg->m);
    mpz_sub(out->winning, out->winning, v);
    mpz_mul_2exp(out->winning, out->winning, rg->z);
    out->have |= VETO_I_NEED_WINNING;
    if ((need & VETO_I_NEED_SWINGS) && out->swings != NULL) {
        for (size_t c = 0; c < rg->d; c++) {
            crt_value(v, &crt, res + (1 + c) * r, 1, digit);
            mpz_mul_2exp(v, v, rg->z);
            for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
                mpz_set(out->swings[rg->ord[x]], v);
            }
        }
        out->have |= VETO_I_NEED_SWINGS;
    }
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    crt_clear(&crt);
    mpz_clear(v);
    return rc;
}

static veto_status do_ssi(veto_i_counts_t *out, const rgame_t *rg,
                          const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    ktable_t kt;
    memset(&kt, 0, sizeof kt);
    u32 *res = NULL, *digit = NULL;
    mpz_t v, f, sum, scale;
    mpz_inits(v, f, sum, scale, NULL);
    size_t m = rg->m;
    VETO_TRY(crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 each = veto_i_sat_add(veto_i_sat_mul(size_table_entries(rg), 4),
                              veto_i_sat_mul(m + 1, 4));
    u64 items64 = veto_i_sat_mul(rg->d, m);
    u64 shared = veto_i_sat_add(veto_i_sat_mul(veto_i_sat_mul(items64, r), 4),
                                veto_i_sat_mul(rg->q + 1, 24));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for Shapley-Shubik", ADVICE, err));
    size_t items = (size_t)items64;
    if (!ktable_init(&kt, rg)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    poller_init(&pl, ctx, err, "dp", r);
    ssi_job_t sj = {{rg, &crt, &pl, ssi_prime, items, false}, &kt};
    VETO_TRY(run_primes(&sj.base, res, fit_threads(ctx, shared, each, r),
                        err));
    /* ssi_num = (sum_k swings_k k! (m-1-k)!) * n! / m!: dummies (weight 0)
     * leave every Shapley value unchanged. */
    mpz_set_ui(scale, 1);
    for (size_t k = m + 1; k <= rg->n; k++) {
        mpz_mul_ui(scale, scale, k);
    }
    for (size_t c = 0; c < rg->d; c++) {
        mpz_set_ui(sum, 0);
        mpz_fac_ui(f, m - 1);
        for (size_t k = 0; k < m; k++) {
            crt_value(v, &crt, res + (c * m + k) * r, 1, digit);
            mpz_addmul(sum, v, f);
            if (k + 1 < m) {
                mpz_mul_ui(f, f, k + 1);
                mpz_divexact_ui(f, f, m - 1 - k);
            }
        }
        mpz_mul(sum, sum, scale);
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpz_set(out->ssi_num[rg->ord[x]], sum);
        }
    }
    out->have |= VETO_I_NEED_SSI;
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    ktable_clear(&kt);
    crt_clear(&crt);
    mpz_clears(v, f, sum, scale, NULL);
    return rc;
}

static veto_status do_mwc(veto_i_counts_t *out, const rgame_t *rg,
                          bool by_size, const veto_i_ctx_t *ctx,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    mpz_t v;
    mpq_t t;
    mpz_init(v);
    mpq_init(t);
    size_t m = rg->m, K = by_size ? m + 1 : 1;
    VETO_TRY(crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 items64 = veto_i_sat_mul(rg->d + 1, K);
    u64 each = veto_i_sat_mul(veto_i_sat_mul(rg->q + 1, K), 8);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for minimal winning coalitions",
                                 ADVICE, err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    poller_init(&pl, ctx, err, "dp", r);
    mwc_job_t mj = {{rg, &crt, &pl, mwc_prime, items, false}, by_size};
    VETO_TRY(run_primes(&mj.base, res, fit_threads(ctx, shared, each, r),
                        err));
    mpz_set_ui(out->mwc_total, 0);
    for (size_t s = 0; s < K; s++) {
        crt_value(v, &crt, res + s * r, 1, digit);
        mpz_add(out->mwc_total, out->mwc_total, v);
    }
    for (size_t c = 0; c < rg->d; c++) {
        mpz_set_ui(v, 0);
        mpz_t sum;
        mpz_init(sum);
        mpq_t dsum;
        mpq_init(dsum);
        for (size_t s = 0; s < K; s++) {
            crt_value(v, &crt, res + ((1 + c) * K + s) * r, 1, digit);
            mpz_add(sum, sum, v);
            if (by_size && s > 0 && mpz_sgn(v) != 0) {
                mpq_set_num(t, v);
                mpz_set_ui(mpq_denref(t), s);
                mpq_canonicalize(t);
                mpq_add(dsum, dsum, t);
            }
        }
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpz_set(out->mwc[rg->ord[x]], sum);
            if (by_size && out->dpi_sum != NULL) {
                mpq_set(out->dpi_sum[rg->ord[x]], dsum);
            }
        }
        mpz_clear(sum);
        mpq_clear(dsum);
    }
    out->have |= VETO_I_NEED_MWC;
    if (by_size) {
        out->have |= VETO_I_NEED_DPI;
    }
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    crt_clear(&crt);
    mpz_clear(v);
    mpq_clear(t);
    return rc;
}

static veto_status do_johnston(veto_i_counts_t *out, const rgame_t *rg,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    mpz_t v;
    mpq_t t, sum;
    mpz_init(v);
    mpq_init(t);
    mpq_init(sum);
    size_t m = rg->m, K = m + 1;
    VETO_TRY(crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 U = rg->q + rg->w[0];
    u64 items64 = veto_i_sat_mul(rg->d, K);
    u64 each = veto_i_sat_add(veto_i_sat_mul(veto_i_sat_mul(U, K), 8),
                              veto_i_sat_add(veto_i_sat_mul(U, 16), K * 8));
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for the Johnston index", ADVICE,
                                 err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    poller_init(&pl, ctx, err, "dp", r);
    job_t jb = {rg, &crt, &pl, jo_prime, items, false};
    VETO_TRY(run_primes(&jb, res, fit_threads(ctx, shared, each, r), err));
    for (size_t c = 0; c < rg->d; c++) {
        mpq_set_ui(sum, 0, 1);
        for (size_t k = 1; k < K; k++) {
            crt_value(v, &crt, res + (c * K + k) * r, 1, digit);
            if (mpz_sgn(v) != 0) {
                mpq_set_num(t, v);
                mpz_set_ui(mpq_denref(t), k);
                mpq_canonicalize(t);
                mpq_add(sum, sum, t);
            }
        }
        /* each winning coalition of the m comes with 2^z choices of the
         * dummies, which change no one's criticality */
        mpz_mul_2exp(mpq_numref(sum), mpq_numref(sum), rg->z);
        mpq_canonicalize(sum);
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpq_set(out->jo_sum[rg->ord[x]], sum);
        }
    }
    out->have |= VETO_I_NEED_JOHNSTON;
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    crt_clear(&crt);
    mpz_clear(v);
    mpq_clear(t);
    mpq_clear(sum);
    return rc;
}

/* The trivial games: every coalition wins (ALL) or none does (NONE). */
static void fill_trivial(veto_i_counts_t *out, const rgame_t *rg,
                         unsigned need)
{
    size_t n = rg->n;
    mpz_set_ui(out->winning, 0);
    if (rg->kind == GAME_ALL) {
        mpz_setbit(out->winning, n);
    }
    out->have |= VETO_I_NEED_WINNING;
    /* swings, ssi, mwc per player, dpi, jo: all zero (never swings, never
     * critical; the only minimal winning coalition of ALL is empty) */
    if (need & VETO_I_NEED_SWINGS) {
        out->have |= VETO_I_NEED_SWINGS;
    }
    if (need & VETO_I_NEED_SSI) {
        out->have |= VETO_I_NEED_SSI;
    }
    if (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) {
        mpz_set_ui(out->mwc_total, rg->kind == GAME_ALL ? 1 : 0);
        out->have |= VETO_I_NEED_MWC;
        if (need & VETO_I_NEED_DPI) {
            out->have |= VETO_I_NEED_DPI;
        }
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        out->have |= VETO_I_NEED_JOHNSTON;
    }
}

veto_status veto_i_dp_counts(veto_i_counts_t *out, const veto_i_wgame_t *g,
                             unsigned need, const veto_i_ctx_t *ctx,
                             veto_error_t *err)
{
    veto_status rc = VETO_OK;
    rgame_t rg;
    memset(&rg, 0, sizeof rg);
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    if (out->n != g->n ||
        ((need & VETO_I_NEED_SWINGS) && out->swings == NULL) ||
        ((need & VETO_I_NEED_SSI) && out->ssi_num == NULL) ||
        ((need & VETO_I_NEED_MWC) && out->mwc == NULL) ||
        ((need & VETO_I_NEED_DPI) && out->dpi_sum == NULL) ||
        ((need & VETO_I_NEED_JOHNSTON) && out->jo_sum == NULL)) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "dp: counts not initialised for what is asked");
    }
    VETO_TRY(rgame_init(&rg, g, err));
    VETO_TRY(veto_i_budget_check(ctx, estimate_rg(&rg, need), "the dp engine",
                                 ADVICE, err));
    if (need & VETO_I_NEED_PROPER) {
        VETO_TRY(fill_proper(out, &rg, ctx, err));
    }
    if (rg.kind != GAME_NORMAL) {
        fill_trivial(out, &rg, need);
        goto cleanup;
    }
    if (need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS)) {
        VETO_TRY(do_banzhaf(out, &rg, need, ctx, err));
    }
    if (need & VETO_I_NEED_SSI) {
        VETO_TRY(do_ssi(out, &rg, ctx, err));
    }
    if (need & VETO_I_NEED_MWC) {
        VETO_TRY(do_mwc(out, &rg, (need & VETO_I_NEED_DPI) != 0, ctx, err));
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        VETO_TRY(do_johnston(out, &rg, ctx, err));
    }
    VETO_TRY(veto_i_poll(ctx, 1.0, "dp", err));
cleanup:
    rgame_clear(&rg);
    return rc;
}

/* ---- beliefs --------------------------------------------------------------- */

/* dist (length L, the last entry a bucket for "L - 1 or more") times the
 * player (1 - pr) + pr x^w. Convex combinations: no cancellation. */
static void dist_mul(double *a, size_t L, size_t w, double pr)
{
    size_t top = L - 1;
    if (w >= L) {
        /* every yes vote jumps into the bucket */
        double moved = 0;
        for (size_t t = 0; t < top; t++) {
            moved += a[t] * pr;
            a[t] *= 1 - pr;
        }
        a[top] += moved;
        return;
    }
    double into = 0;
    for (size_t t = top - w; t < top; t++) {
        into += a[t];
    }
    a[top] += pr * into;
    for (size_t t = top; t-- > w;) {
        a[t] = (1 - pr) * a[t] + pr * a[t - w];
    }
    for (size_t t = w < top ? w : top; t-- > 0;) {
        a[t] *= 1 - pr;
    }
}

typedef struct bel_free {
    size_t *idx;   /* [f] original index */
    size_t *w;     /* [f] reduced weights */
    double *pr;    /* [f] */
    size_t qf;     /* the quota the free players face, >= 1 here */
    double *p_dec; /* output, by original index */
    double *work;  /* (levels) * qf scratch */
} bel_free_t;

/* others: distribution (truncated at qf, no bucket needed below qf) of the
 * free players outside [lo, hi). Depth O(log f), O(qf) per level. */
static void bel_rec(bel_free_t *bf, size_t lo, size_t hi, const double *others,
                    size_t level)
{
    size_t qf = bf->qf;
    if (hi - lo == 1) {
        size_t w = bf->w[lo];
        double s = 0;
        for (size_t t = qf > w ? qf - w : 0; t < qf; t++) {
            s += others[t];
        }
        bf->p_dec[bf->idx[lo]] = s;
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    double *buf = bf->work + level * qf;
    /* left half: multiply in the right half; truncation at qf is exact for
     * the entries below qf (weights only add) */
    memcpy(buf, others, qf * sizeof *buf);
    for (size_t x = mid; x < hi; x++) {
        size_t w = bf->w[x];
        double pr = bf->pr[x];
        for (size_t t = qf; t-- > w;) {
            buf[t] = (1 - pr) * buf[t] + pr * buf[t - w];
        }
        for (size_t t = (w < qf ? w : qf); t-- > 0;) {
            buf[t] *= 1 - pr;
        }
    }
    bel_rec(bf, lo, mid, buf, level + 1);
    memcpy(buf, others, qf * sizeof *buf);
    for (size_t x = lo; x < mid; x++) {
        size_t w = bf->w[x];
        double pr = bf->pr[x];
        for (size_t t = qf; t-- > w;) {
            buf[t] = (1 - pr) * buf[t] + pr * buf[t - w];
        }
        for (size_t t = (w < qf ? w : qf); t-- > 0;) {
            buf[t] *= 1 - pr;
        }
    }
    bel_rec(bf, mid, hi, buf, level + 1);
}

veto_status veto_i_dp_beliefs(veto_i_beliefs_t *out, const veto_i_wgame_t *g,
                              const mpq_t *belief, bool exact,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    rgame_t rg;
    memset(&rg, 0, sizeof rg);
    size_t *fidx = NULL, *fw = NULL;
    double *fpr = NULL, *dist = NULL, *work = NULL;
    mpz_t *P = NULL, *G = NULL;
    size_t Plen = 0, Glen = 0;
    mpz_t B, num, a, bma, tmp;
    mpq_t qv;
    mpz_inits(B, num, a, bma, tmp, NULL);
    mpq_init(qv);
    size_t n = g->n;
    if (out->n != n || (exact && out->p_dec_q == NULL)) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "dp: beliefs not initialised for this game");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (mpq_sgn(belief[i]) < 0 || mpq_cmp_ui(belief[i], 1, 1) > 0) {
            rc = veto_i_errorf(err, VETO_EINVAL,
                               "belief of player %zu is not in [0, 1]", i);
            goto cleanup;
        }
    }
    VETO_TRY(rgame_init(&rg, g, err));
    for (size_t i = 0; i < n; i++) {
        out->p_dec[i] = 0;
        if (exact) {
            mpq_set_ui(out->p_dec_q[i], 0, 1);
        }
    }
    if (rg.kind != GAME_NORMAL) {
        out->p_act = rg.kind == GAME_ALL ? 1.0 : 0.0;
        if (exact) {
            mpq_set_ui(out->p_act_q, rg.kind == GAME_ALL ? 1 : 0, 1);
        }
        goto cleanup;
    }
    size_t m = rg.m;
    /* substitute beliefs 0 and 1 */
    u64 w1 = 0; /* weight certain to vote yes */
    size_t f = 0;
    VETO_ALLOC(fidx, veto_i_mallocarray(m + 1, sizeof *fidx));
    VETO_ALLOC(fw, veto_i_mallocarray(m + 1, sizeof *fw));
    VETO_ALLOC(fpr, veto_i_mallocarray(m + 1, sizeof *fpr));
    for (size_t x = 0; x < m; x++) {
        size_t i = rg.ord[x];
        if (mpq_sgn(belief[i]) == 0) {
            continue;
        }
        if (mpq_cmp_ui(belief[i], 1, 1) == 0) {
            w1 += rg.w[x];
            continue;
        }
        fidx[f] = x;
        fw[f] = (size_t)rg.w[x];
        fpr[f] = mpq_get_d(belief[i]);
        f++;
    }
    int64_t qf = (int64_t)rg.q - (int64_t)w1; /* the free players' quota */
    size_t wmax = (size_t)rg.w[0];
    /* distribution of the free yes-weight on [0, L - 1), bucket L - 1 */
    size_t L = (size_t)(qf > 0 ? qf : 0) + wmax + 1;
    VETO_TRY(veto_i_budget_check(
        ctx,
        veto_i_sat_mul(exact ? veto_i_sat_mul(L, 2) : veto_i_sat_mul(L, 40),
                       exact ? 64 : 8),
        "the dp for beliefs", ADVICE, err));
    if (!exact) {
        VETO_ALLOC(dist, veto_i_calloc(L, sizeof *dist));
        dist[0] = 1;
        for (size_t x = 0; x < f; x++) {
            dist_mul(dist, L, fw[x], fpr[x]);
        }
        /* p_act = Pr[W >= qf] */
        double s = 0;
        for (size_t t = (size_t)(qf > 0 ? qf : 0); t < L; t++) {
            s += dist[t];
        }
        out->p_act = s > 1 ? 1 : s;
        /* substituted players: computed with themselves free */
        for (size_t x = 0; x < m; x++) {
            size_t i = rg.ord[x];
            bool zero = mpq_sgn(belief[i]) == 0;
            bool one = mpq_cmp_ui(belief[i], 1, 1) == 0;
            if (!zero && !one) {
                continue;
            }
            /* others' free weight in [lo, hi): belief 0: [qf - w, qf);
             * belief 1: [qf, qf + w) */
            int64_t w = (int64_t)rg.w[x];
            int64_t lo = zero ? qf - w : qf, hi = zero ? qf : qf + w;
            double v = 0;
            for (int64_t t = lo < 0 ? 0 : lo; t < hi; t++) {
                v += dist[t];
            }
            out->p_dec[i] = v;
        }
        if (qf > 0 && f > 0) {
            /* recursion depth <= ceil(log2 f); one more row for the root */
            size_t levels = 1;
            while (((size_t)1 << (levels - 1)) < f) {
                levels++;
            }
            VETO_ALLOC(work, veto_i_mallocarray((levels + 1) * (size_t)qf,
                                                sizeof *work));
            double *root = work + levels * (size_t)qf;
            memset(root, 0, (size_t)qf * sizeof *root);
            root[0] = 1;
            for (size_t x = 0; x < f; x++) {
                fidx[x] = rg.ord[fidx[x]]; /* positions -> players */
            }
            bel_free_t bf = {fidx, fw, fpr, (size_t)qf, out->p_dec, work};
            bel_rec(&bf, 0, f, root, 0);
        }
        goto cleanup;
    }
    /* exact: P = prod over free ((b - a) + a x^w), integer; B = prod b */
    Plen = L;
    VETO_ALLOC(P, veto_i_mallocarray(Plen, sizeof *P));
    for (size_t t = 0; t < Plen; t++) {
        mpz_init(P[t]);
    }
    mpz_set_ui(P[0], 1);
    mpz_set_ui(B, 1);
    size_t top = Plen - 1;
    for (size_t x = 0; x < f; x++) {
        size_t i = rg.ord[fidx[x]];
        size_t w = fw[x];
        mpz_set(a, mpq_numref(belief[i]));
        mpz_sub(bma, mpq_denref(belief[i]), a);
        /* bucket: b * old bucket + a * old[top - w .. top) */
        mpz_mul(P[top], P[top], mpq_denref(belief[i]));
        for (size_t t = top > w ? top - w : 0; t < top; t++) {
            mpz_addmul(P[top], P[t], a);
        }
        for (size_t t = top; t-- > 0;) {
            mpz_mul(P[t], P[t], bma);
            if (t >= w) {
                mpz_addmul(P[t], P[t - w], a);
            }
        }
        mpz_mul(B, B, mpq_denref(belief[i]));
        if ((x & 15) == 0) {
            VETO_TRY(veto_i_poll(ctx, 0.5 * (double)x / (double)f,
                                 "dp beliefs", err));
        }
    }
    mpz_set_ui(num, 0);
    for (size_t t = (size_t)(qf > 0 ? qf : 0); t < Plen; t++) {
        mpz_add(num, num, P[t]);
    }
    mpq_set_num(out->p_act_q, num);
    mpq_set_den(out->p_act_q, B);
    mpq_canonicalize(out->p_act_q);
    out->p_act = mpq_get_d(out->p_act_q);
    for (size_t x = 0; x < m; x++) {
        size_t i = rg.ord[x];
        bool zero = mpq_sgn(belief[i]) == 0;
        bool one = mpq_cmp_ui(belief[i], 1, 1) == 0;
        if (!zero && !one) {
            continue;
        }
        int64_t w = (int64_t)rg.w[x];
        int64_t lo = zero ? qf - w : qf, hi = zero ? qf : qf + w;
        mpz_set_ui(num, 0);
        for (int64_t t = lo < 0 ? 0 : lo; t < hi; t++) {
            mpz_add(num, num, P[t]);
        }
        mpq_set_num(out->p_dec_q[i], num);
        mpq_set_den(out->p_dec_q[i], B);
        mpq_canonicalize(out->p_dec_q[i]);
        out->p_dec[i] = mpq_get_d(out->p_dec_q[i]);
    }
    if (qf > 0 && f > 0) {
        Glen = (size_t)qf;
        VETO_ALLOC(G, veto_i_mallocarray(Glen, sizeof *G));
        for (size_t t = 0; t < Glen; t++) {
            mpz_init(G[t]);
        }
        for (size_t x = 0; x < f; x++) {
            size_t i = rg.ord[fidx[x]];
            size_t w = fw[x];
            mpz_set(a, mpq_numref(belief[i]));
            mpz_sub(bma, mpq_denref(belief[i]), a);
            /* G = P / ((b - a) + a x^w), exact in the integers: b - a > 0
             * because the belief is below 1 */
            mpz_set_ui(num, 0);
            for (size_t t = 0; t < Glen; t++) {
                mpz_set(tmp, P[t]);
                if (t >= w) {
                    mpz_submul(tmp, G[t - w], a);
                }
                mpz_divexact(G[t], tmp, bma);
                if (t + w >= Glen) {
                    mpz_add(num, num, G[t]);
                }
            }
            mpz_divexact(tmp, B, mpq_denref(belief[i]));
            mpq_set_num(out->p_dec_q[i], num);
            mpq_set_den(out->p_dec_q[i], tmp);
            mpq_canonicalize(out->p_dec_q[i]);
            out->p_dec[i] = mpq_get_d(out->p_dec_q[i]);
            if ((x & 15) == 0) {
                VETO_TRY(veto_i_poll(ctx, 0.5 + 0.5 * (double)x / (double)f,
                                     "dp beliefs", err));
            }
        }
    }
cleanup:
    if (P != NULL) {
        for (size_t t = 0; t < Plen; t++) {
            mpz_clear(P[t]);
        }
        veto_i_free(P);
    }
    if (G != NULL) {
        for (size_t t = 0; t < Glen; t++) {
            mpz_clear(G[t]);
        }
        veto_i_free(G);
    }
    veto_i_free(fidx);
    veto_i_free(fw);
    veto_i_free(fpr);
    veto_i_free(dist);
    veto_i_free(work);
    rgame_clear(&rg);
    mpz_clears(B, num, a, bma, tmp, NULL);
    mpq_clear(qv);
    return rc;
}
