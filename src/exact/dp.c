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
 *    winning S are its members heavier than e. One sweep (the section
 *    "Johnston by one sweep" below) turns the players heavy one at a time,
 *    heaviest first, in the prefix sums of the product by weight and number
 *    of heavy members, and after each distinct weight reads every heavier
 *    class's count at two positions: time O(r (m Q + d^2 k min(k, q /
 *    w_min))), Q <= (q + 1)(k + 1) the entries of the table, k the most
 *    players weighing less than q together; memory (q + 1)(k + 9) words
 *    per thread. The old recursion by classes (jo_prime: for each of
 *    the d ranges of e, heavy players by weight and size meet light ones
 *    by weight, each heavy class divided out once, O(r d^2 m q)) stays as
 *    the reference the tests compare with.
 *  - Types (the section "types" below): players of equal reduced weight are
 *    interchangeable. SSI, DPI and JOHNSTON then come from a recurrence in
 *    the coalition size whose cost does not depend on how many players a
 *    type has: SSI O(r d kmax q), DPI and JOHNSTON O(r d^2 kmax q) over the
 *    d prefixes of the types, memory O(d q) words per thread. Taken by the
 *    cost model in use_types (Johnston when d (d + 1) <= 1.5 m; the sweep
 *    otherwise).
 *  - With several processes (veto-mpi), prime j is computed by rank j mod
 *    nranks and the residues are summed over the ranks (run_primes).
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

#include <math.h>
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
    size_t nz = 0;
    while (nz < r && res[nz * stride] == 0) {
        nz++;
    }
    if (nz == r) {
        mpz_set_ui(out, 0); /* common: sizes no coalition has */
        return;
    }
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

/* Run fn for every prime, nthreads at a time; res is [items][r], zero on
 * entry. With several processes (ctx->nranks > 1 and a reduce callback)
 * this one takes the primes j = rank (mod nranks), the others stay zero,
 * and the element-wise sum over the processes puts every prime's residues
 * everywhere: the same values whatever the number of processes. */
static veto_status run_primes(job_t *jb, u32 *res, unsigned nthreads,
                              veto_error_t *err)
{
    size_t r = jb->crt->r;
    atomic_int failed = 0;
    (void)nthreads;
    const veto_i_ctx_t *ctx = jb->pl->ctx;
    u64 nranks = 1, rank = 0;
    if (ctx != NULL && ctx->nranks > 1 && ctx->reduce != NULL) {
        nranks = ctx->nranks;
        rank = ctx->rank;
    }
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(nthreads)
#endif
    for (size_t j = 0; j < r; j++) {
        if ((u64)j % nranks != rank) {
            continue;
        }
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
    if (nranks > 1) {
        size_t len = jb->items * r;
        u64 *sums = veto_i_mallocarray(len == 0 ? 1 : len, sizeof *sums);
        if (sums == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory in %s",
                                 jb->pl->stage);
        }
        for (size_t x = 0; x < len; x++) {
            sums[x] = res[x];
        }
        veto_status rc = ctx->reduce(ctx->reduce_user, sums, len);
        for (size_t x = 0; x < len; x++) {
            res[x] = (u32)sums[x]; /* one process's residue, the rest 0 */
        }
        veto_i_free(sums);
        if (rc != VETO_OK) {
            return veto_i_errorf(err, rc,
                                 "summing the dp residues over the "
                                 "processes failed");
        }
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

/* Players per sweep of the Shapley-Shubik table (see ssi_prime). */
#define SSI_GROUP 4

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
    /* Players go in groups of SSI_GROUP (lightest first) through one sweep
     * of the rows from the top down. Player g of a group updates row t
     * from row t - w_g as the players before it left that row, and before
     * it has touched it itself; so in the sweep player g works lag_g =
     * w_1 + ... + w_g rows above the first player of the group (g = 0 at
     * lag 0), right behind the rows its predecessor has finished. The
     * rows between the group's first and last player stay in cache, and
     * the table streams from memory once per group instead of once per
     * player (the pass was bound by memory bandwidth). */
    u64 reach = 0;
    size_t done = 0;
    for (size_t x = m; x > 0;) { /* lightest first: players x - 1, x - 2.. */
        size_t gn = x < SSI_GROUP ? x : SSI_GROUP;
        size_t gw[SSI_GROUP], ghi[SSI_GROUP], gdone[SSI_GROUP];
        size_t glag[SSI_GROUP];
        int64_t top = 0, bot = INT64_MAX; /* sweep positions */
        for (size_t g = 0; g < gn; g++) {
            size_t w = (size_t)rg->w[x - 1 - g];
            reach += w;
            done++;
            gw[g] = w;
            ghi[g] = reach < q ? (size_t)reach + 1 : q;
            gdone[g] = done;
            glag[g] = g == 0 ? 0 : glag[g - 1] + w;
            /* player g works rows [w, hi) at sweep position t - lag */
            int64_t a = (int64_t)ghi[g] - 1 - (int64_t)glag[g];
            int64_t z = (int64_t)w - (int64_t)glag[g];
            top = a > top ? a : top;
            bot = z < bot ? z : bot;
        }
        x -= gn;
        for (int64_t s = top; s >= bot; s--) {
            for (size_t g = 0; g < gn; g++) {
                int64_t ti = s + (int64_t)glag[g];
                size_t w = gw[g];
                if (ti < (int64_t)w || ti >= (int64_t)ghi[g]) {
                    continue;
                }
                size_t t = (size_t)ti;
                size_t kl = kt->len[t] - 1;
                size_t ks = kt->len[t - w]; /* sizes 0..ks-1 -> 1..ks */
                if (kl > ks) {
                    kl = ks;
                }
                if (kl > gdone[g]) {
                    kl = gdone[g];
                }
                size_t k0 = kt->kmin[t - w]; /* entries below are 0 */
                if (k0 < kl) {
                    k_add(tab + kt->off[t] + 1 + k0,
                          tab + kt->off[t - w] + k0, kl - k0, p);
                }
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

/* ---- Johnston by one sweep over the excess classes -----------------------
 *
 * Below the O(r d^2 m q) of jo_prime and the O(r d^2 k q) of the typed
 * runs: O(r (m Q + d^2 k min(k, q / w_min))) word operations, Q the
 * entries of the table by weight and size (<= (q + 1) k), k the most
 * players lighter than q together.
 *
 * Types 0..d-1 of weights w_0 > ... > w_{d-1} and multiplicities M_j, and
 * w_d = 0. For c = 0..d-1 let E_c = [w_{c+1}, w_c - 1]; these windows
 * partition [0, w_0 - 1]. A winning S of excess e = w(S) - q in E_c has as
 * critical members exactly its members of types 0..c: a member of weight
 * w is critical iff w(S) - w < q, i.e. w > e, and w_j > e >= w_{c+1} for
 * j <= c while w_j <= w_{c+1} <= e for j > c. (An S of excess >= w_0 has
 * no critical member and adds nothing.) Mark the members of types 0..c
 * ("heavy") by y:
 *
 *     Phi_c(x, y) = prod_{j <= c} (1 + y x^{w_j})^{M_j}
 *                   prod_{j > c} (1 + x^{w_j})^{M_j}.
 *
 * For a player i of type t <= c, Phi_c / (1 + y x^{w_t}) counts the
 * coalitions of the others by weight and number of heavy members, so the
 * winning S containing i with e in E_c and k + 1 critical members (i is
 * one of them) number
 *
 *     J_c(t, k + 1) = sum_{u = a}^{b - 1} [x^u y^k] Phi_c / (1 + y x^{w_t}),
 *     a = q + w_{c+1} - w_t,  b = q + w_c - w_t,
 *
 * and i's count with k + 1 critical members is sum_{c >= t} J_c(t, k + 1).
 * Since w_{c+1} < w_c <= w_t <= q, 0 <= a < b <= q. Let C_c = x Phi_c /
 * (1 - x), the prefix sums C_c[u] = sum_{v < u} Phi_c[v]; a window is a
 * difference of two of them. Dividing by 1 + y x^{w_t} (a unit of the
 * power series ring) gives D[u, k] = C_c[u, k] - D[u - w_t, k - 1], so
 *
 *     J_c(t, k + 1) = sum_{l = 0}^{k} (-1)^l (C_c[b - l w_t, k - l]
 *                                             - C_c[a - l w_t, k - l])
 *
 * (terms at negative positions are zero): two positions per (c, t) and
 * O(k min(k, q / w_t)) words, never the table of a divided product.
 *
 * C_c follows from C_{c-1} (C_{-1}: every player unmarked) by turning the
 * M_c players of type c heavy, one at a time, each by the factor
 * (1 + y x^w) / (1 + x^w). All factors are series in x with constant term
 * 1, so they commute with the prefix sum x / (1 - x) and with truncation
 * at x^{q+1}, and they are polynomials in y of non-negative degree, so
 * truncation in y is exact too. By the coefficients of y^k (the columns
 * C_k, series in x), with D = C / (1 + x^w): D_k[u] = C_k[u] - D_k[u - w]
 * and the new C_k = D_k + x^w D_{k-1}, so column k needs only column k and
 * the same player's D_{k-1}: a sweep over the columns turns several
 * players heavy, each column staying in cache for all of them, and reads
 * the counts of a complete state from the column just before the next
 * type's first player turns it (a read of state c at column k uses column
 * k of state c only). Column k is zero at positions u <= the weight of
 * the k lightest heavy players; those are neither read nor written (the
 * bound only falls as lighter players turn heavy, so what was never
 * written is still zero).
 *
 * Everything is exact modulo p. Memory per thread: (q + 1)(k + 1 + 2 G)
 * words (G players per sweep) and d (k + 1) counters. Derived here; the
 * literature's Johnston algorithms (Kurz 2016, EPIC) are of order d^2 or
 * n^2 times the table. */

/* dst[i] = a[i] - b[i] (mod p). */
DP_CLONES
static void k_diff(u32 *restrict dst, const u32 *restrict a,
                   const u32 *restrict b, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = subm(a[i], b[i], p);
    }
}

/* The most players whose weights sum to less than q: the lightest ones. */
static size_t josw_kmax(const rgame_t *rg)
{
    size_t k = 0;
    u64 s = 0;
    for (size_t x = rg->m; x-- > 0;) {
        s += rg->w[x];
        if (s >= rg->q) {
            break;
        }
        k++;
    }
    return k;
}

/* Players turned heavy per sweep of the table (josw_prime). */
#define JOSW_GROUP 4

/* dst[i] = a[i] + b[i] (mod p). */
DP_CLONES
static void k_sum(u32 *restrict dst, const u32 *restrict a,
                  const u32 *restrict b, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = addm(a[i], b[i], p);
    }
}

/* One player of weight w turns heavy in column k of the table (col, zero
 * below lo): D_k = C_k / (1 + x^w) into dk (from lo), then C_k = D_k +
 * x^w D_{k-1}, D_{k-1} in dprev from dlo (zero below). P positions. */
static void josw_turn(u32 *col, u32 *dk, const u32 *dprev, size_t lo,
                      size_t dlo, size_t P, size_t w, u32 p)
{
    size_t e = lo + w < P ? lo + w : P;
    memcpy(dk + lo, col + lo, (e - lo) * sizeof *dk);
    for (size_t s = e; s < P;) {
        size_t len = P - s < w ? P - s : w;
        k_diff(dk + s, col + s, dk + s - w, len, p);
        s += len;
    }
    size_t start = dlo + w > lo ? dlo + w : lo;
    start = start < P ? start : P;
    memcpy(col + lo, dk + lo, (start - lo) * sizeof *col);
    if (start < P) {
        k_sum(col + start, dk + start, dprev + start - w, P - start, p);
    }
}

/* Read state c's counts from column k (see the section's comment): for
 * each type t <= c and l >= 0 with k + l < kn, (-1)^l (C[b - l w_t] -
 * C[a - l w_t]) into acc[t S + k + l], a difference d as d + p: an entry
 * gets at most kn <= m terms below 2^32 per state, and josw_prime reduces
 * every entry modulo p after each sweep (at most JOSW_GROUP + 1 states):
 * below (JOSW_GROUP + 2) m 2^32 < 2^64. */
static void josw_read(u64 *acc, size_t S, const u32 *col, const rgame_t *rg,
                      size_t c, size_t k, size_t kn, u32 p)
{
    size_t q = (size_t)rg->q, d = rg->d;
    size_t w = (size_t)rg->w[rg->cls[c]];
    size_t wl = c + 1 < d ? (size_t)rg->w[rg->cls[c + 1]] : 0;
    size_t lim = kn - k;
    for (size_t t = 0; t <= c; t++) {
        size_t wt = (size_t)rg->w[rg->cls[t]];
        size_t vb = q + w - wt, va = q + wl - wt; /* b (+), a (-), a < b */
        size_t na = va / wt + 1, nb = vb / wt + 1; /* terms in range */
        na = na < lim ? na : lim;
        nb = nb < lim ? nb : lim;
        u64 *a = acc + t * S + k;
        const u32 *cb = col + vb, *ca = col + va;
        size_t l = 0;
        for (; l < na; l++) { /* both ends: one term < 2^32 */
            u32 xb = cb[-(ptrdiff_t)(l * wt)], xa = ca[-(ptrdiff_t)(l * wt)];
            a[l] += (l & 1) ? (u64)xa + p - xb : (u64)xb + p - xa;
        }
        for (; l < nb; l++) {
            u32 xb = cb[-(ptrdiff_t)(l * wt)];
            a[l] += (l & 1) ? (u64)(p - xb) : xb;
        }
    }
}

/* Residues as jo_prime's: item t (m + 1) + k = winning coalitions in which
 * a given type-t player is critical with k critical members. The table is
 * kept by columns (k, the heavy members), each of the q + 1 positions; a
 * sweep over the columns turns JOSW_GROUP players heavy, each column
 * staying in cache for all of them (a player's turn on column k needs its
 * own D_{k-1}, kept per player), and reads the counts of a state c (every
 * type up to c heavy) from each column just before the next type's first
 * player turns it, so the table streams from memory once per group. */
static bool josw_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m, d = rg->d, K = m + 1;
    size_t S = josw_kmax(rg) + 1; /* columns k = 0..kmax */
    size_t P = q + 1;             /* positions u = 0..q */
    u32 *C = veto_i_calloc(S * P, sizeof *C);
    u32 *buf = veto_i_calloc(2 * JOSW_GROUP * P, sizeof *buf);
    u32 *g = veto_i_calloc(q, sizeof *g);
    u64 *acc = veto_i_calloc(d * S, sizeof *acc);
    u64 *lows = veto_i_calloc(JOSW_GROUP * (S + 1), sizeof *lows);
    bool ok = C && buf && g && acc && lows;
    if (!ok) {
        goto done;
    }
    /* C_{-1}: column 0 = the prefix sums of prod (1 + x^w) over everyone */
    g[0] = 1;
    u64 reach = 0;
    for (size_t x = m; x-- > 0;) {
        size_t w = (size_t)rg->w[x];
        reach += w;
        series_mul(g, reach + 1 < q ? (size_t)reach + 1 : q, w, p);
    }
    for (size_t u = 1; u < P; u++) {
        C[u] = addm(C[u - 1], g[u - 1], p);
    }
    /* sweeps of players x0..x1-1; the last (x0 = m) reads the last state */
    for (size_t x0 = 0, x1;; x0 = x1) {
        x1 = x0 + JOSW_GROUP < m ? x0 + JOSW_GROUP : m;
        size_t G = x1 - x0;
        u32 *dk[JOSW_GROUP], *dp[JOSW_GROUP];
        size_t dlo[JOSW_GROUP], kc[JOSW_GROUP];
        for (size_t a = 0; a < G; a++) {
            size_t x = x0 + a, nh = x + 1; /* heavy after x's turn */
            dk[a] = buf + 2 * a * P;
            dp[a] = dk[a] + P;
            dlo[a] = P; /* D_{-1} = 0 */
            kc[a] = nh + 1 < S ? nh + 1 : S; /* columns then nonzero */
            u64 *lw = lows + a * (S + 1);
            lw[0] = 0;
            for (size_t k = 1; k < kc[a]; k++) {
                lw[k] = lw[k - 1] + rg->w[x + 1 - k];
            }
        }
        size_t cols = G > 0 ? kc[G - 1] : (m < S ? m + 1 : S);
        for (size_t k = 0; k < cols; k++) {
            u32 *col = C + k * P;
            for (size_t a = 0; a <= G; a++) {
                size_t x = x0 + a; /* the next player to turn */
                /* state c complete before x: x starts a type, or the end */
                if (x > 0 && (x == m || rg->cls_of[x] != rg->cls_of[x - 1]) &&
                    (a < G || G == 0)) {
                    size_t c = rg->cls_of[x - 1];
                    size_t kn = x < S ? x : S; /* others heavy: 0..x-1 */
                    if (k < kn) {
                        josw_read(acc, S, col, rg, c, k, kn, p);
                    }
                }
                if (a == G) {
                    break;
                }
                if (k < kc[a]) {
                    size_t lo = (size_t)lows[a * (S + 1) + k];
                    lo = lo < P ? lo : P;
                    josw_turn(col, dk[a], dp[a], lo, dlo[a], P,
                              (size_t)rg->w[x], p);
                    u32 *t = dk[a];
                    dk[a] = dp[a];
                    dp[a] = t;
                    dlo[a] = lo;
                } else {
                    dlo[a] = P;
                }
            }
        }
        for (size_t x = 0; x < d * S; x++) {
            acc[x] %= p;
        }
        if (!poll_at(jb->pl, j, (double)x1 / (double)(m + 1))) {
            ok = false;
            goto done;
        }
        if (x0 == m) {
            break;
        }
    }
    for (size_t t = 0; t < d; t++) {
        for (size_t k = 0; k + 1 < K && k < S; k++) {
            res[(t * K + k + 1) * r + j] = (u32)(acc[t * S + k] % p);
        }
    }
done:
    veto_i_free(C);
    veto_i_free(buf);
    veto_i_free(g);
    veto_i_free(acc);
    veto_i_free(lows);
    return ok;
}

/* Bytes per thread of josw_prime: the table of (q + 1)(kmax + 1) words,
 * two columns per player of a sweep, the series of every player, the
 * counters and the residues' items. */
static u64 josw_bytes(const rgame_t *rg)
{
    u64 S = josw_kmax(rg) + 1;
    u64 b = veto_i_sat_mul(veto_i_sat_mul(rg->q + 1, S + 2 * JOSW_GROUP), 4);
    b = veto_i_sat_add(b, veto_i_sat_mul(rg->q, 4));
    b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(rg->d, S), 8));
    b = veto_i_sat_add(b, veto_i_sat_mul(JOSW_GROUP * (S + 1), 8));
    return veto_i_sat_add(b, veto_i_sat_mul(rg->d + 1, (rg->m + 1) * 12));
}

/* ---- types: the size-indexed tables by a recurrence in the size ----------
 *
 * Players of equal reduced weight are interchangeable: with d types of
 * weights w_j and multiplicities M_j the table by weight and size is
 *
 *     T(x, y) = F0(x) prod_j (1 + y x^{w_j})^{M_j}     (mod x^U),
 *
 * F0 a series free of y (1, or the product of the unmarked "light"
 * players for Johnston). Let Q_j = T / (1 + y x^{w_j}): the same table with
 * one player of type j taken out, exactly what the indices read. Then
 *
 *     d/dy T = sum_j M_j x^{w_j} Q_j        (differentiate the product),
 *     Q_j    = T - y x^{w_j} Q_j            (definition of Q_j),
 *
 * and the coefficients of y^k, T_k and Q_{j,k} (series in x), satisfy
 *
 *     (k + 1) T_{k+1} = sum_j M_j x^{w_j} Q_{j,k},
 *     Q_{j,k}         = T_k - x^{w_j} Q_{j,k-1},      Q_{j,-1} = 0.
 *
 * Both are exact modulo x^U (multiplying by x^w only moves coefficients
 * up) and modulo p (k + 1 <= m < p is invertible). So the rows for size
 * k + 1 follow from those for size k in O(d U) word operations, whatever
 * the multiplicities: the whole table costs O(d U kmax) instead of
 * O(m U kmax) for one pass per player, and only two rows of each Q_j are
 * alive at a time. Row k is zero below lo_k, the weight of the k lightest
 * marked players, so each row is worked from lo_k up.
 */

/* a * b mod p for a fixed b < p and any a < 2^32, with bq = floor(b 2^32 /
 * p) (Shoup): the quotient estimate is off by at most one. */
DP_INLINE u32 mul_shoup(u32 a, u32 b, u32 bq, u32 p)
{
    u32 qh = (u32)(((u64)a * bq) >> 32);
    u32 r = a * b - qh * p; /* in [0, 2p), computed mod 2^32 */
    return r >= p ? r - p : r;
}

static u32 shoup_pre(u32 b, u32 p)
{
    return (u32)(((u64)b << 32) / p);
}

/* acc[i] += b src[i], in 64 bits and not reduced: the caller bounds the
 * sum (src < 2^31, the b's of one row add up to at most m < 2^32). */
DP_CLONES
static void k_axpy64(u64 *restrict acc, const u32 *restrict src, size_t len,
                     u32 b)
{
    for (size_t i = 0; i < len; i++) {
        acc[i] += (u64)src[i] * b;
    }
}

/* dst[i] = b acc[i] mod p for acc[i] < 2^64: acc = hi 2^32 + lo, so
 * b acc = hi (b 2^32 mod p) + lo b (mod p); bc = b 2^32 mod p. */
DP_CLONES
static void k_reduce(u32 *restrict dst, const u64 *restrict acc, size_t len,
                     u32 bc, u32 bcq, u32 b, u32 bq, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        u32 hi = (u32)(acc[i] >> 32), lo = (u32)acc[i];
        dst[i] = addm(mul_shoup(hi, bc, bcq, p), mul_shoup(lo, b, bq, p), p);
    }
}

/* sum of a[lo..hi) (mod p), the bounds clamped to [0, len). */
static u32 window_sum(const u32 *a, int64_t lo, int64_t hi, size_t len,
                      u32 p)
{
    if (lo < 0) {
        lo = 0;
    }
    if (hi > (int64_t)len) {
        hi = (int64_t)len;
    }
    u32 s = 0;
    for (int64_t t = lo; t < hi; t++) {
        s = addm(s, a[t], p);
    }
    return s;
}

typedef struct trun trun_t;
/* Called for k = 0, 1, ... with T_k and Q_{j,k} (j < h), rows of length U
 * (zero below lo_k). */
typedef void (*trun_visit)(const trun_t *tr, size_t k, const u32 *T,
                           u32 *const *Q);

struct trun {
    size_t h;          /* marked types 0..h-1 */
    const u64 *tw;     /* [h] weights, descending */
    const size_t *tm;  /* [h] multiplicities, >= 1 */
    size_t U;          /* row length */
    const u32 *init;   /* [U] F0, or NULL for F0 = 1 */
    u32 p;
    trun_visit visit;
    void *user;
    poller_t *pl;      /* polled every 64 rows */
    size_t prime;
    double frac;
    size_t lo;         /* set by trun_go: row k is zero below lo */
};

/* Run the recurrence; false when out of memory or stopped. */
static bool trun_go(trun_t *tr)
{
    size_t h = tr->h, U = tr->U;
    u32 p = tr->p;
    bool ok = false;
    u32 *T = veto_i_calloc(U, sizeof *T);
    u64 *acc = veto_i_calloc(U, sizeof *acc);
    u32 *buf = veto_i_calloc(2 * h * U, sizeof *buf);
    u32 **Q = veto_i_calloc(2 * h, sizeof *Q);
    size_t *qlo = veto_i_calloc(2 * h, sizeof *qlo);
    u32 *bm = veto_i_calloc(h, sizeof *bm);
    if (T == NULL || acc == NULL || buf == NULL || Q == NULL || qlo == NULL ||
        bm == NULL) {
        goto done;
    }
    for (size_t j = 0; j < 2 * h; j++) {
        Q[j] = buf + j * U;
        qlo[j] = 0;
    }
    for (size_t j = 0; j < h; j++) {
        bm[j] = (u32)(tr->tm[j] % p);
    }
    u64 c32 = ((u64)1 << 32) % p;
    if (tr->init != NULL) {
        memcpy(T, tr->init, U * sizeof *T);
    } else {
        T[0] = 1;
    }
    u32 **qold = Q, **qnew = Q + h;
    size_t *lold = qlo, *lnew = qlo + h;
    /* lo_k: the k lightest marked players, taken from the last type up */
    size_t lt = h, left = 0; /* current type (from the light end), players left */
    u64 lo = 0;
    for (size_t k = 0;; k++) {
        size_t l = (size_t)lo;
        for (size_t j = 0; j < h; j++) {
            size_t w = (size_t)tr->tw[j];
            u32 *qn = qnew[j];
            if (lnew[j] < l) {
                memset(qn + lnew[j], 0, (l - lnew[j]) * sizeof *qn);
            }
            lnew[j] = l;
            /* Q_{j,k}[t] = T_k[t] - Q_{j,k-1}[t - w] */
            size_t a = l, b = w > l ? (w < U ? w : U) : l;
            if (b > a) {
                memcpy(qn + a, T + a, (b - a) * sizeof *qn);
            }
            if (U > b) {
                k_diff(qn + b, T + b, qold[j] + b - w, U - b, p);
            }
        }
        tr->lo = l;
        tr->visit(tr, k, T, qnew);
        if ((k & 63) == 63 && !poll_at(tr->pl, tr->prime, tr->frac)) {
            goto done;
        }
        /* the next lightest player */
        while (left == 0 && lt > 0) {
            lt--;
            left = tr->tm[lt];
        }
        if (left == 0) {
            break; /* every marked player is in: T_{k+1} = 0 */
        }
        left--;
        u64 nlo = lo + tr->tw[lt];
        if (nlo >= U) {
            break; /* T_{k+1} and all later rows vanish below U */
        }
        size_t nl = (size_t)nlo;
        /* sum_j M_j Q_{j,k}[t - w_j] < 2^31 sum_j M_j <= 2^31 m: fits */
        memset(T + l, 0, (nl - l) * sizeof *T);
        memset(acc + nl, 0, (U - nl) * sizeof *acc);
        for (size_t j = 0; j < h; j++) {
            size_t w = (size_t)tr->tw[j];
            size_t a = nl > w ? nl : w;
            if (U > a) {
                k_axpy64(acc + a, qnew[j] + a - w, U - a, bm[j]);
            }
        }
        u32 inv = (u32)powm64((u64)(k + 1) % p, p - 2, p);
        u32 invc = (u32)(inv * c32 % p);
        k_reduce(T + nl, acc + nl, U - nl, invc, shoup_pre(invc, p), inv,
                 shoup_pre(inv, p), p);
        lo = nlo;
        u32 **ts = qold;
        qold = qnew;
        qnew = ts;
        size_t *ls = lold;
        lold = lnew;
        lnew = ls;
    }
    ok = true;
done:
    veto_i_free(T);
    veto_i_free(acc);
    veto_i_free(buf);
    veto_i_free(Q);
    veto_i_free(qlo);
    veto_i_free(bm);
    return ok;
}

/* The types of a reduced game: its weight classes. */
typedef struct types {
    u64 *w;    /* [d] descending */
    size_t *m; /* [d] */
} types_t;

static bool types_init(types_t *ty, const rgame_t *rg)
{
    ty->w = veto_i_mallocarray(rg->d, sizeof *ty->w);
    ty->m = veto_i_mallocarray(rg->d, sizeof *ty->m);
    if (ty->w == NULL || ty->m == NULL) {
        veto_i_free(ty->w);
        veto_i_free(ty->m);
        return false;
    }
    for (size_t c = 0; c < rg->d; c++) {
        ty->w[c] = rg->w[rg->cls[c]];
        ty->m[c] = rg->cls[c + 1] - rg->cls[c];
    }
    return true;
}

static void types_clear(types_t *ty)
{
    veto_i_free(ty->w);
    veto_i_free(ty->m);
    memset(ty, 0, sizeof *ty);
}

/* sum of a[i] b[i] (mod p) for len < 2^32: each product < 2^62 is added
 * as its low and high 32-bit halves, which cannot overflow 64 bits. */
DP_CLONES
static u32 k_dot(const u32 *restrict a, const u32 *restrict b, size_t len,
                 u32 p)
{
    u64 lo = 0, hi = 0;
    for (size_t i = 0; i < len; i++) {
        u64 pr = (u64)a[i] * b[i];
        lo += (u32)pr;
        hi += pr >> 32;
    }
    u64 c32 = ((u64)1 << 32) % p;
    return (u32)(((hi % p) * c32 + lo % p) % p);
}

/* One job for every size-indexed count of a typed game: the d runs of the
 * recurrence over the type prefixes 0..c serve Deegan-Packel (minimal
 * winning coalitions by size, by their lightest type c), Johnston (the
 * types 0..c are those heavier than the excess) and, in the run over all
 * types, Shapley-Shubik. Items: [ssi: d m][mwc: (d + 1)(m + 1)][jo: d (m + 1)]
 * at the offsets below, each part present only when asked. */
typedef struct tjob {
    job_t base;
    bool ssi, dpi, jo;
    size_t off_ssi, off_mwc, off_jo;
} tjob_t;

/* What the visitor of run c reads and writes. */
typedef struct tvis {
    const tjob_t *tj;
    size_t j;      /* prime index */
    u32 *res;
    size_t c;      /* the lightest marked type */
    const u32 *lam; /* Johnston: [(c + 1) U], see typed_prime */
    const size_t *lam_beg; /* [c + 1] lam[i] is zero below here */
    const size_t *lam_end; /* [c + 1] and from here on */
} tvis_t;

static inline void res_add(const tvis_t *tv, size_t item, u32 v)
{
    size_t r = tv->tj->base.crt->r;
    u32 p = tv->tj->base.crt->p[tv->j];
    u32 *x = &tv->res[item * r + tv->j];
    *x = addm(*x, v, p);
}

static inline void res_sub(const tvis_t *tv, size_t item, u32 v)
{
    size_t r = tv->tj->base.crt->r;
    u32 p = tv->tj->base.crt->p[tv->j];
    u32 *x = &tv->res[item * r + tv->j];
    *x = subm(*x, v, p);
}

/* Run c (types 0..c marked by size, T = F_c = prod_{j <= c} (1 + y
 * x^{w_j})^{M_j}, Q_i = F_c / (1 + y x^{w_i})), row k:
 *
 * Shapley-Shubik (c = d - 1 only): a class-i player swings through the
 * others of size k weighing [q - w_i, q).
 *
 * Deegan-Packel: a coalition whose lightest type is c is minimal winning
 * iff q <= w(S) < q + w_c (taking out its lightest member is the hardest
 * test), so
 *  - of size s: sum_c of [F_c - F_{c-1}]_s (the coalitions holding a
 *    type-c player) over weights [q, q + w_c); run c adds its own window
 *    and takes off the window [q, q + w_{c+1}) that run c + 1 would
 *    otherwise count for F_c;
 *  - of size s holding a given player of type i <= c: with the player
 *    fixed the rest, of size s - 1, weighs [q - w_i, q - w_i + w_c); its
 *    generating function is Q_i^{(c)} for c = i and Q_i^{(c)} - Q_i^{(c-1)}
 *    for c > i, and run c takes off its part of run c + 1's window alike.
 *
 * Johnston: when the excess e = w(S) - q lies in [elo, ehi] = [w_{c+1},
 * w_c - 1] ([0, w_c - 1] for c = d - 1), the critical members of S are
 * exactly those of types 0..c. A given player of type i <= c is critical
 * with k + 1 critical members in the coalitions {i} + R + L, R of types
 * 0..c with |R| = k (the row Q_{i,k}) and L of the lighter types with
 * q + elo <= w_i + w(R) + w(L) <= q + ehi: the dot product of the row with
 * lam_i(s) = #{L : w(L) in [q + elo - w_i - s, q + ehi - w_i - s]}. */
static void typed_visit(const trun_t *tr, size_t k, const u32 *T,
                        u32 *const *Q)
{
    const tvis_t *tv = tr->user;
    const tjob_t *tj = tv->tj;
    const rgame_t *rg = tj->base.rg;
    size_t m = rg->m, K = m + 1, c = tv->c, U = tr->U;
    int64_t q = (int64_t)rg->q;
    u32 p = tr->p;
    if (tj->ssi && c + 1 == rg->d && k < m) {
        for (size_t i = 0; i <= c; i++) {
            res_add(tv, tj->off_ssi + i * m + k,
                    window_sum(Q[i], q - (int64_t)tr->tw[i], q, U, p));
        }
    }
    if (tj->dpi) {
        int64_t wc = (int64_t)tr->tw[c];
        bool next = c + 1 < rg->d;
        int64_t wn = next ? (int64_t)rg->w[rg->cls[c + 1]] : 0;
        if (k < K) {
            res_add(tv, tj->off_mwc + k, window_sum(T, q, q + wc, U, p));
            if (next) {
                res_sub(tv, tj->off_mwc + k, window_sum(T, q, q + wn, U, p));
            }
        }
        for (size_t i = 0; i <= c && k + 1 < K; i++) {
            int64_t wi = (int64_t)tr->tw[i];
            size_t item = tj->off_mwc + (1 + i) * K + k + 1;
            res_add(tv, item, window_sum(Q[i], q - wi, q - wi + wc, U, p));
            if (next) {
                res_sub(tv, item,
                        window_sum(Q[i], q - wi, q - wi + wn, U, p));
            }
        }
    }
    if (tj->jo && k + 1 < K) {
        for (size_t i = 0; i <= c; i++) {
            size_t lo = tr->lo > tv->lam_beg[i] ? tr->lo : tv->lam_beg[i];
            size_t hi = tv->lam_end[i];
            if (hi > lo) {
                res_add(tv, tj->off_jo + i * K + k + 1,
                        k_dot(Q[i] + lo, tv->lam + i * U + lo, hi - lo, p));
            }
        }
    }
}

static bool typed_prime(const job_t *jb, size_t j, u32 *res)
{
    const tjob_t *tj = (const tjob_t *)jb;
    const rgame_t *rg = jb->rg;
    size_t d = rg->d, q = (size_t)rg->q;
    u32 p = jb->crt->p[j];
    size_t U = tj->dpi ? q + (size_t)rg->w[0] : q;
    types_t ty;
    if (!types_init(&ty, rg)) {
        return false;
    }
    bool ok = true;
    u32 *light = NULL, *lc = NULL, *lam = NULL;
    size_t *lam_end = NULL, *lam_beg = NULL;
    u64 light_w = 0; /* the light players' total weight */
    if (tj->jo) {
        light = veto_i_calloc(q, sizeof *light);
        lc = veto_i_calloc(q + 1, sizeof *lc);
        lam = veto_i_calloc(d * U, sizeof *lam);
        lam_end = veto_i_calloc(d, sizeof *lam_end);
        lam_beg = veto_i_calloc(d, sizeof *lam_beg);
        ok = light != NULL && lc != NULL && lam != NULL && lam_end != NULL &&
             lam_beg != NULL;
        if (ok) {
            light[0] = 1;
        }
    }
    /* every prefix for DPI and Johnston, the whole set alone for SSI; from
     * the whole set down, so that the light types join one at a time */
    size_t c_stop = (tj->dpi || tj->jo) ? 0 : d - 1;
    for (size_t c = d; ok && c-- > c_stop;) {
        if (tj->jo) {
            /* lc(x) = light subsets of weight < x, x = 0..q */
            lc[0] = 0;
            for (size_t t = 0; t < q; t++) {
                lc[t + 1] = addm(lc[t], light[t], p);
            }
            int64_t elo = c + 1 == d ? 0 : (int64_t)ty.w[c + 1];
            int64_t ehi = (int64_t)ty.w[c] - 1;
            for (size_t i = 0; i <= c; i++) {
                int64_t wi = (int64_t)ty.w[i];
                u32 *li = lam + i * U;
                /* weights of L in [q + elo - wi - s, q + ehi - wi - s] */
                int64_t end = (int64_t)q + ehi - wi + 1; /* s < end */
                if (end > (int64_t)U) {
                    end = (int64_t)U;
                }
                lam_end[i] = end > 0 ? (size_t)end : 0;
                /* no light subset weighs more than light_w */
                int64_t beg = (int64_t)q + elo - wi - (int64_t)light_w;
                lam_beg[i] = beg > 0 ? (size_t)beg : 0;
                for (size_t s = 0; s < lam_end[i]; s++) {
                    int64_t a = (int64_t)q + elo - wi - (int64_t)s;
                    int64_t b = (int64_t)q + ehi - wi - (int64_t)s + 1;
                    a = a < 0 ? 0 : a;
                    b = b < 0 ? 0 : b;
                    li[s] = subm(lc[b], lc[a], p);
                }
            }
        }
        tvis_t tv = {tj, j, res, c, lam, lam_beg, lam_end};
        trun_t tr = {c + 1, ty.w, ty.m, U, NULL, p, typed_visit, &tv,
                     jb->pl, j, (double)(d - 1 - c) / (double)d, 0};
        ok = trun_go(&tr) &&
             poll_at(jb->pl, j, (double)(d - c) / (double)d);
        /* type c turns light */
        for (size_t x = 0; ok && tj->jo && x < ty.m[c]; x++) {
            light_w += ty.w[c]; /* <= m q */
            /* entries above the light weight so far are still zero */
            series_mul(light, light_w + 1 < q ? (size_t)light_w + 1 : q,
                       (size_t)ty.w[c], p);
        }
    }
    veto_i_free(light);
    veto_i_free(lc);
    veto_i_free(lam);
    veto_i_free(lam_end);
    veto_i_free(lam_beg);
    types_clear(&ty);
    return ok;
}

/* Johnston: the typed runs cost about d^2 / 2 passes over the table by
 * weight and size, the sweep (josw_prime) m passes: typed when d (d + 1)
 * <= 1.5 m (measured crossovers at 200 and 500 players, bench/README.md). */
#define JOSW_TYPED(d, m) (2 * (d) * ((d) + 1) <= 3 * (m))

/* Whether the typed recurrence is worth it for `which` (one NEED bit):
 * mode 1 always, 0 and 2 never, -1 by the cost model. Per prime the typed tables
 * cost about (4 d + 4) word operations per entry of the table by weight and
 * size (d types, Shoup multiplications), the pass per player m additions;
 * Deegan-Packel runs the recurrence once per type prefix (d (d + 1) / 2
 * types in all) where the per-player code divides every player out of a
 * table of the same size once. Johnston: the typed runs against the sweep
 * (JOSW_TYPED above). The crossovers were measured on 200 players (and 500
 * for Johnston) with 5 to 80 distinct weights (bench/README.md). */
static bool use_types(const rgame_t *rg, unsigned which, int mode)
{
    if (mode >= 0) {
        return mode == 1;
    }
    u64 d = rg->d, m = rg->m;
    if (which == VETO_I_NEED_SSI) {
        return 6 * (d + 1) <= m;
    }
    if (which == VETO_I_NEED_DPI) {
        return d * (d + 1) <= 6 * m;
    }
    return JOSW_TYPED(d, m);
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
    /* the typed job: rows of (3 d + 5) (q + w_max) words per thread and
     * the residues of every size-indexed count */
    unsigned typed = 0;
    const unsigned sized[] = {VETO_I_NEED_SSI, VETO_I_NEED_DPI,
                              VETO_I_NEED_JOHNSTON};
    for (size_t x = 0; x < 3; x++) {
        if ((need & sized[x]) && use_types(rg, sized[x], -1)) {
            typed |= sized[x];
        }
    }
    if (typed != 0) {
        u64 b = veto_i_sat_mul(veto_i_sat_mul(3 * d + 5, q + rg->w[0]), 4);
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, 3 * d + 1),
                                             K * 4));
        best = b > best ? b : best;
        need &= ~typed;
    }
    if (need & VETO_I_NEED_SSI) {
        u64 b = veto_i_sat_mul(size_table_entries(rg), 4);
        b = veto_i_sat_add(b, veto_i_sat_mul(q, 24)); /* off, len, kmin */
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, d), m * 4));
        best = b > best ? b : best;
    }
    if (typed & VETO_I_NEED_DPI) {
        need &= ~(unsigned)VETO_I_NEED_MWC; /* counted by the typed job */
    }
    if (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) {
        u64 k = (need & VETO_I_NEED_DPI) ? K : 1;
        u64 b = veto_i_sat_mul(veto_i_sat_mul(q + 1, k), 8);
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, d + 1),
                                             k * 4));
        best = b > best ? b : best;
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        u64 b = josw_bytes(rg); /* the sweep: the cost model's choice */
        b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(r, d), K * 4));
        best = b > best ? b : best;
    }
    if (need & VETO_I_NEED_PROPER) {
        u64 b = rg->total / 8 + 8;
        best = b > best ? b : best;
    }
    return veto_i_sat_add(best, fixed);
}

size_t veto_i_dp_types(const veto_i_wgame_t *g)
{
    rgame_t rg;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    if (rgame_init(&rg, g, &err) != VETO_OK) {
        veto_error_clear(&err);
        return 0;
    }
    size_t d = rg.kind == GAME_NORMAL ? rg.d : 0;
    rgame_clear(&rg);
    return d;
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

static void ssi_finish(veto_i_counts_t *out, const rgame_t *rg,
                       const crt_t *crt, const u32 *res, u32 *digit);
static void mwc_finish(veto_i_counts_t *out, const rgame_t *rg, bool by_size,
                       const crt_t *crt, const u32 *res, u32 *digit);
static void jo_finish(veto_i_counts_t *out, const rgame_t *rg,
                      const crt_t *crt, const u32 *res, u32 *digit);

static veto_status do_ssi(veto_i_counts_t *out, const rgame_t *rg,
                          const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    ktable_t kt;
    memset(&kt, 0, sizeof kt);
    u32 *res = NULL, *digit = NULL;
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
    ssi_finish(out, rg, &crt, res, digit);
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    ktable_clear(&kt);
    crt_clear(&crt);
    return rc;
}

/* The Shapley-Shubik numerators from the residues of ssi_prime's items. */
static void ssi_finish(veto_i_counts_t *out, const rgame_t *rg,
                       const crt_t *crt, const u32 *res, u32 *digit)
{
    size_t m = rg->m, r = crt->r;
    mpz_t v, f, sum, scale, bz;
    mpz_inits(v, f, sum, scale, bz, NULL);
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
            crt_value(v, crt, res + (c * m + k) * r, 1, digit);
            if (out->swings_k != NULL && mpz_sgn(v) != 0) {
                /* with j of the z players of weight 0: size k + j */
                size_t n = rg->n;
                for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
                    mpz_t *row = out->swings_k + rg->ord[x] * n;
                    for (size_t jz = 0; jz <= rg->z; jz++) {
                        mpz_bin_uiui(bz, rg->z, jz);
                        mpz_addmul(row[k + jz], v, bz);
                    }
                }
            }
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
    mpz_clears(v, f, sum, scale, bz, NULL);
}

static veto_status do_mwc(veto_i_counts_t *out, const rgame_t *rg,
                          bool by_size, const veto_i_ctx_t *ctx,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
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
    mwc_finish(out, rg, by_size, &crt, res, digit);
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    crt_clear(&crt);
    return rc;
}

/* mwc_total, mwc[] and (by size) dpi_sum[] from mwc_prime's items. */
static void mwc_finish(veto_i_counts_t *out, const rgame_t *rg, bool by_size,
                       const crt_t *crt, const u32 *res, u32 *digit)
{
    size_t m = rg->m, K = by_size ? m + 1 : 1, r = crt->r;
    mpz_t v;
    mpq_t t;
    mpz_init(v);
    mpq_init(t);
    mpz_set_ui(out->mwc_total, 0);
    for (size_t s = 0; s < K; s++) {
        crt_value(v, crt, res + s * r, 1, digit);
        mpz_add(out->mwc_total, out->mwc_total, v);
        if (by_size && out->mwc_k != NULL) {
            mpz_set(out->mwc_k[s], v); /* weight-0 players are in none */
        }
    }
    for (size_t c = 0; c < rg->d; c++) {
        mpz_set_ui(v, 0);
        mpz_t sum;
        mpz_init(sum);
        mpq_t dsum;
        mpq_init(dsum);
        for (size_t s = 0; s < K; s++) {
            crt_value(v, crt, res + ((1 + c) * K + s) * r, 1, digit);
            mpz_add(sum, sum, v);
            if (by_size && out->mwc_k != NULL) {
                for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
                    mpz_set(out->mwc_k[(1 + rg->ord[x]) * (rg->n + 1) + s],
                            v);
                }
            }
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
    mpz_clear(v);
    mpq_clear(t);
}

/* Johnston by jo_prime (sweep false) or josw_prime (true). */
static veto_status do_johnston(veto_i_counts_t *out, const rgame_t *rg,
                               bool sweep, const veto_i_ctx_t *ctx,
                               veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    size_t m = rg->m, K = m + 1;
    VETO_TRY(crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 U = rg->q + rg->w[0];
    u64 items64 = veto_i_sat_mul(rg->d, K);
    u64 each = veto_i_sat_add(veto_i_sat_mul(veto_i_sat_mul(U, K), 8),
                              veto_i_sat_add(veto_i_sat_mul(U, 16), K * 8));
    if (sweep) {
        each = josw_bytes(rg);
    }
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for the Johnston index", ADVICE,
                                 err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    poller_init(&pl, ctx, err, "dp", r);
    job_t jb = {rg, &crt, &pl, sweep ? josw_prime : jo_prime, items, false};
    VETO_TRY(run_primes(&jb, res, fit_threads(ctx, shared, each, r), err));
    jo_finish(out, rg, &crt, res, digit);
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    crt_clear(&crt);
    return rc;
}

/* jo_sum[] from jo_prime's items. */
static void jo_finish(veto_i_counts_t *out, const rgame_t *rg,
                      const crt_t *crt, const u32 *res, u32 *digit)
{
    size_t K = rg->m + 1, r = crt->r;
    mpz_t v;
    mpq_t t, sum;
    mpz_init(v);
    mpq_init(t);
    mpq_init(sum);
    for (size_t c = 0; c < rg->d; c++) {
        mpq_set_ui(sum, 0, 1);
        for (size_t k = 1; k < K; k++) {
            crt_value(v, crt, res + (c * K + k) * r, 1, digit);
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
    mpz_clear(v);
    mpq_clear(t);
    mpq_clear(sum);
}

/* Shapley-Shubik, Deegan-Packel (with Holler) and Johnston, those of
 * `which` (NEED bits), by the typed recurrence in one job. Memory per
 * thread: (2 h + 3) U words for the rows (h <= d types, U <= q + w_max)
 * and d U for Johnston's light counts. */
static veto_status do_typed(veto_i_counts_t *out, const rgame_t *rg,
                            unsigned which, const veto_i_ctx_t *ctx,
                            veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    size_t m = rg->m, K = m + 1, d = rg->d;
    bool ssi = (which & VETO_I_NEED_SSI) != 0;
    bool dpi = (which & VETO_I_NEED_DPI) != 0;
    bool jo = (which & VETO_I_NEED_JOHNSTON) != 0;
    VETO_TRY(crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 n_ssi = ssi ? veto_i_sat_mul(d, m) : 0;
    u64 n_mwc = dpi ? veto_i_sat_mul(d + 1, K) : 0;
    u64 n_jo = jo ? veto_i_sat_mul(d, K) : 0;
    u64 items64 = veto_i_sat_add(veto_i_sat_add(n_ssi, n_mwc), n_jo);
    u64 U = rg->q + rg->w[0];
    u64 each = veto_i_sat_mul(veto_i_sat_mul(3 * d + 5, U), 4);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the typed dp", ADVICE, err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    poller_init(&pl, ctx, err, "dp", r);
    tjob_t tj = {{rg, &crt, &pl, typed_prime, items, false},
                 ssi, dpi, jo, 0, (size_t)n_ssi, (size_t)(n_ssi + n_mwc)};
    VETO_TRY(run_primes(&tj.base, res, fit_threads(ctx, shared, each, r),
                        err));
    if (ssi) {
        ssi_finish(out, rg, &crt, res, digit);
    }
    if (dpi) {
        mwc_finish(out, rg, true, &crt, res + tj.off_mwc * r, digit);
    }
    if (jo) {
        jo_finish(out, rg, &crt, res + tj.off_jo * r, digit);
    }
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    crt_clear(&crt);
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
        if (out->mwc_k != NULL) {
            mpz_set_ui(out->mwc_k[0], rg->kind == GAME_ALL ? 1 : 0);
        }
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
    return veto_i_dp_counts_typed(out, g, need, -1, ctx, err);
}

veto_status veto_i_dp_counts_typed(veto_i_counts_t *out,
                                   const veto_i_wgame_t *g, unsigned need,
                                   int typed, const veto_i_ctx_t *ctx,
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
    out->types = rg.kind == GAME_NORMAL ? rg.d : 0;
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
    /* the size-indexed counts the typed recurrence takes, in one job */
    unsigned tw = 0;
    const unsigned sized[] = {VETO_I_NEED_SSI, VETO_I_NEED_DPI,
                              VETO_I_NEED_JOHNSTON};
    for (size_t x = 0; x < 3; x++) {
        /* the typed recurrence does not keep counts by size */
        bool by_size = (need & VETO_I_NEED_SIZES) &&
                       sized[x] != VETO_I_NEED_JOHNSTON;
        if ((need & sized[x]) && !by_size &&
            use_types(&rg, sized[x], typed)) {
            tw |= sized[x];
        }
    }
    if (tw != 0) {
        VETO_TRY(do_typed(out, &rg, tw, ctx, err));
    }
    if ((need & VETO_I_NEED_SSI) && !(tw & VETO_I_NEED_SSI)) {
        VETO_TRY(do_ssi(out, &rg, ctx, err));
    }
    if ((need & VETO_I_NEED_MWC) && !(tw & VETO_I_NEED_DPI)) {
        VETO_TRY(do_mwc(out, &rg, (need & VETO_I_NEED_DPI) != 0, ctx, err));
    }
    if ((need & VETO_I_NEED_JOHNSTON) && !(tw & VETO_I_NEED_JOHNSTON)) {
        VETO_TRY(do_johnston(out, &rg, typed != 0, ctx, err));
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

/* ---- time ------------------------------------------------------------------ */

/* The probe's work: DP_PROBE_PASSES passes of the streaming add over
 * DP_PROBE_LEN words (in cache, as Banzhaf's pass). */
#define DP_PROBE_LEN 16384
#define DP_PROBE_PASSES 64

/* Word operations of each path, counted as the probe's: the passes per
 * player over the table by weight and size stream from memory (about
 * DP_MEM times the in-cache cost); the typed runs' rows stay in cache.
 * Measured against random-100..1000 and typed-2000 (bench/README.md):
 * estimates within a factor 2 of the CPU time. */
#define DP_MEM 4.0

static double work_rg(const rgame_t *rg, unsigned need)
{
    if (rg->kind != GAME_NORMAL) {
        return 1;
    }
    double m = (double)rg->m, q = (double)rg->q, d = (double)rg->d;
    double r = (double)((rg->m + 1) / PRIME_BITS + 1);
    double E = (double)size_table_entries(rg); /* table by weight and size */
    double k = (double)josw_kmax(rg) + 1;
    double wmin = (double)rg->w[rg->m - 1];
    double w = 0;
    if (need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS)) {
        w += m * q + 2 * q;
    }
    if (need & VETO_I_NEED_SSI) {
        w += use_types(rg, VETO_I_NEED_SSI, -1) ? 4 * (d + 1) * E
                                                : m * E * DP_MEM / 2;
    }
    if (need & VETO_I_NEED_DPI) {
        w += use_types(rg, VETO_I_NEED_DPI, -1)
                 ? 2 * d * (d + 1) * E
                 : 3 * m * E * DP_MEM;
    } else if (need & VETO_I_NEED_MWC) {
        w += 4 * m * q;
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        double reads = d * d * k * (k < q / wmin ? k : q / wmin);
        w += use_types(rg, VETO_I_NEED_JOHNSTON, -1)
                 ? 3 * d * (d + 1) * E
                 : 3 * m * E * DP_MEM / JOSW_GROUP + reads * DP_MEM / 2;
    }
    w *= r;
    if (need & VETO_I_NEED_PROPER) {
        w += m * (double)rg->total / 64;
    }
    return w;
}

double veto_i_dp_work(const veto_i_wgame_t *g, unsigned need, size_t *primes)
{
    rgame_t rg;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    if (rgame_init(&rg, g, &err) != VETO_OK) {
        veto_error_clear(&err);
        *primes = 1;
        return INFINITY;
    }
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    double w = work_rg(&rg, need);
    *primes = rg.kind == GAME_NORMAL ? (rg.m + 1) / PRIME_BITS + 1 : 1;
    rgame_clear(&rg);
    return w;
}

double veto_i_dp_probe(const veto_i_ctx_t *ctx)
{
    u32 *a = veto_i_calloc(DP_PROBE_LEN, sizeof *a);
    if (a == NULL) {
        return 1e-9;
    }
    a[0] = 1;
    double best = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = veto_i_ctx_now(ctx);
        for (size_t x = 0; x < DP_PROBE_PASSES; x++) {
            series_mul(a, DP_PROBE_LEN, 4096 + x % 7, 2147483647u);
        }
        double t = veto_i_ctx_now(ctx) - t0;
        best = t < best ? t : best;
    }
    volatile u32 sink = a[DP_PROBE_LEN - 1]; /* the passes are not dead */
    (void)sink;
    veto_i_free(a);
    double ops = (double)(DP_PROBE_LEN - 4096) * DP_PROBE_PASSES;
    return best > 0 ? best / ops : 1e-12;
}
