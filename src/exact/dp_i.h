/*
 * dp_i.h: what the files of the fast exact engine for weighted games
 * [q; w_1..w_n] share (src/exact/dp_*.c, but not dp_ref.c and dp_blocs.c).
 *
 * The files, one purpose each:
 *  - dp_counts.c   the entry points veto_i_dp_counts(_typed): which pass
 *                  runs for what is asked, and the trivial games;
 *  - dp_mod.c      the modular vector kernels, the primes and the CRT;
 *  - dp_game.c     the reduced game, the threads, polling and run_primes;
 *  - dp_banzhaf.c  winning coalitions and swings per class;
 *  - dp_ssi.c      Shapley-Shubik: swings by size per class;
 *  - dp_mwc.c      minimal winning coalitions (Holler, Deegan-Packel by
 *                  mwc_prime or the sweep, the total alone);
 *  - dp_johnston.c Johnston, by classes (the reference) and by the sweep;
 *  - dp_sweep.c    the sweep over the players heaviest first, read for
 *                  Johnston and for the minimal winning coalitions by size;
 *  - dp_types.c    the recurrence in the size for typed games, and the
 *                  cost model that picks it;
 *  - dp_proper.c   proper / strong by subset sums;
 *  - dp_estimate.c memory and time estimates for the planner;
 *  - dp_beliefs.c  P(act) and P(decisive) under independent beliefs.
 *
 * Reduction first (every index is a property of the game, not of its
 * representation): players of weight 0 are taken out (z of them; they are
 * dummies), the weights and the quota are divided by the gcd of the weights
 * (quota rounded up), and weights above the quota are capped at it. What
 * remains is m players with 1 <= w_i <= q, split into d classes of equal
 * weight, sorted by weight descending (ties by index).
 *
 * Arithmetic: every count we need is a non-negative integer below 2^(m+1),
 * so each pass runs modulo the r primes p < 2^31 whose product first
 * reaches 2^(m+1), about (m+1)/31 of them (dp_crt_count; sums of two
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
 *    MWC: time O(r m q), memory 2 q words per thread. The total alone
 *    (MWC_TOTAL, the count WM): the product over the players before j,
 *    heaviest first, and a window of it per player: time O(r m q), q words.
 *    Both take the primes for max C(m, s) over the sizes s a minimal
 *    winning coalition can have (an antichain: LYM), not for 2^(m+1).
 *    DPI (by size) by mwc_prime: time O(r m^2 q), memory 2 q m words per
 *    thread; kept as the reference. DPI is taken instead from the sweep
 *    below (dp_sweep.c): a minimal winning coalition whose excess lies
 *    between two consecutive distinct weights is a winning coalition of
 *    the heavier types alone; time and memory as Johnston's sweep.
 *  - JOHNSTON: split by the excess e = w(S) - q: the critical players of a
 *    winning S are its members heavier than e. One sweep (dp_sweep.c,
 *    shared with DPI) turns the players heavy one at a time,
 *    heaviest first, in the prefix sums of the product by weight and number
 *    of heavy members, and after each distinct weight reads every heavier
 *    class's count at two positions: time O(r (m Q + d^2 k min(k, q /
 *    w_min))), Q <= (q + 1)(k + 1) the entries of the table, k the most
 *    players weighing less than q together; memory (q + 1)(k + 9) words
 *    per thread. The old recursion by classes (jo_prime: for each of
 *    the d ranges of e, heavy players by weight and size meet light ones
 *    by weight, each heavy class divided out once, O(r d^2 m q)) stays as
 *    the reference the tests compare with.
 *  - Types (dp_types.c): players of equal reduced weight are
 *    interchangeable. SSI, DPI and JOHNSTON then come from a recurrence in
 *    the coalition size whose cost does not depend on how many players a
 *    type has: SSI O(r d kmax q), DPI and JOHNSTON O(r d^2 kmax q) over the
 *    d prefixes of the types, memory O(d q) words per thread. Taken by the
 *    cost model in dp_use_types (Johnston when d (d + 1) <= 1.5 m, DPI
 *    when d (d + 1) <= m; the sweep otherwise).
 *  - With several processes (veto-mpi), prime j is computed by rank j mod
 *    nranks and the residues are summed over the ranks (dp_run_primes).
 *  - PROPER/strong: subset sums as a bitset over the total reduced weight
 *    T <= m q: O(m T / 64) words operations, T / 8 bytes.
 *  - Beliefs (doubles): the distribution of the weight of the free players'
 *    yes votes (convex combinations only, no division), and each player's
 *    distribution of the others by divide and conquer over the players:
 *    O(m q log m), memory O(q log m). Exact (mpq): the integer polynomial
 *    prod ((b - a) + a x^w) (belief a / b) and exact division per player:
 *    O(m q) operations on integers of O(m log b) bits.
 */
#ifndef VETO_EXACT_DP_I_H
#define VETO_EXACT_DP_I_H

#include "counts.h"

#include <stdatomic.h>

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
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
    !defined(__SANITIZE_ADDRESS__) && defined(__OPTIMIZE__)
#define DP_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#elif defined(__GNUC__) && !defined(__clang__) && !defined(__OPTIMIZE__)
/* Unoptimised (sanitizer) builds: the kernels alone are optimised, or they
 * dominate every test that runs the engine. */
#define DP_CLONES __attribute__((optimize("O2")))
#else
#define DP_CLONES
#endif

/* ---- modular arithmetic (dp_mod.c) -------------------------------------- */

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
void dp_k_add(u32 *restrict dst, const u32 *restrict src, size_t len, u32 p);
/* dst[i] -= src[i] (mod p); dst and src must not overlap. */
void dp_k_sub(u32 *restrict dst, const u32 *restrict src, size_t len, u32 p);
/* dst[i] += a[i] - b[i] (mod p). */
void dp_k_addsub(u32 *restrict dst, const u32 *restrict a,
                 const u32 *restrict b, size_t len, u32 p);
/* dst[i] = a[i] - b[i] (mod p). */
void dp_k_diff(u32 *restrict dst, const u32 *restrict a, const u32 *restrict b,
               size_t len, u32 p);
/* a[0..len) *= (1 + x^w), truncated at len, in place. */
void dp_series_mul(u32 *a, size_t len, size_t w, u32 p);
/* a[0..len) /= (1 + x^w) in place (exact). */
void dp_series_div(u32 *a, size_t len, size_t w, u32 p);
/* b^e mod p for p < 2^32. */
u64 dp_powm64(u64 b, u64 e, u64 p);

typedef struct crt {
    size_t r;
    u32 *p;   /* [r] primes, descending from 2^31 */
    u32 *inv; /* [r * r]: inv[j * r + i] = p_i^{-1} mod p_j, i < j */
} crt_t;

/* The number of primes dp_crt_init(bits) takes: the fewest of ours whose
 * product reaches 2^bits. */
size_t dp_crt_count(u64 bits);
/* Enough primes for values below 2^bits (the product of the primes is at
 * least 2^bits, counted exactly). ENOMEM. */
veto_status dp_crt_init(crt_t *c, u64 bits, veto_error_t *err);
void dp_crt_clear(crt_t *c);
/* out = the value in [0, prod p) with residues res[j * stride]; digit: r
 * words of scratch. */
void dp_crt_value(mpz_t out, const crt_t *c, const u32 *res, size_t stride,
                  u32 *digit);

/* ---- the reduced game, threads and polling (dp_game.c) ------------------ */

enum { GAME_NORMAL, GAME_ALL, GAME_NONE };

typedef struct rgame {
    size_t n;       /* all players */
    size_t m;       /* players of positive weight */
    size_t z;       /* players of weight zero */
    int kind;       /* GAME_*: ALL every coalition wins, NONE none does */
    u64 q;          /* reduced quota, 1 <= q <= DP_MAX_QUOTA when NORMAL */
    u64 total;      /* sum of the reduced, capped weights (<= m q) */
    size_t *ord;    /* [m] original index, weight descending, ties by index */
    u64 *w;         /* [m] weights in that order, 1 <= w <= q */
    size_t d;       /* distinct weights */
    size_t *cls;    /* [d + 1] class c is ord[cls[c] .. cls[c + 1]) */
    size_t *cls_of; /* [m] class of each position */
} rgame_t;

/* Reduce g (see the top of this header). Errors: ENOMEM; ELIMIT when the
 * reduced quota exceeds DP_MAX_QUOTA. */
veto_status dp_rgame_init(rgame_t *rg, const veto_i_wgame_t *g,
                          veto_error_t *err);
void dp_rgame_clear(rgame_t *g);
/* sum over t < q of (kmax(t) + 1): the entries of the table by weight and
 * size. */
u64 dp_size_table_entries(const rgame_t *rg);

typedef struct poller {
    const veto_i_ctx_t *ctx;
    veto_error_t *err;
    const char *stage;
    atomic_int stop;
    veto_status rc; /* written by thread 0 only */
    size_t nprime;
} poller_t;

/* The calling thread's number in dp_run_primes' team (0 without OpenMP). */
int dp_thread_id(void);
void dp_poller_init(poller_t *pl, const veto_i_ctx_t *ctx, veto_error_t *err,
                    const char *stage, size_t r);
/* Called at block boundaries by every thread; false when the run must
 * stop. */
bool dp_poll_at(poller_t *pl, size_t prime, double frac);
/* Threads that fit: per-thread bytes on top of shared bytes. */
unsigned dp_fit_threads(const veto_i_ctx_t *ctx, u64 shared, u64 each,
                        size_t jobs);

typedef struct job job_t;
/* One prime's work: residues into res (stride r, offset j). false on stop. */
typedef bool (*prime_fn)(const job_t *jb, size_t j, u32 *res);

struct job {
    const rgame_t *rg;
    const crt_t *crt;
    poller_t *pl;
    prime_fn fn;
    size_t items; /* residues per prime */
    bool alloc_failed;
};

/* Run jb->fn for every prime; res is [items][r], zero on entry. */
veto_status dp_run_primes(job_t *jb, u32 *res, unsigned nthreads,
                          veto_error_t *err);

/* ---- the passes: each fills its part of out ------------------------------ */

/* dp_banzhaf.c: winning, and the swings when need has NEED_SWINGS. */
veto_status dp_do_banzhaf(veto_i_counts_t *out, const rgame_t *rg,
                          unsigned need, const veto_i_ctx_t *ctx,
                          veto_error_t *err);

/* dp_ssi.c: Shapley-Shubik by the table by weight and size. */
veto_status dp_do_ssi(veto_i_counts_t *out, const rgame_t *rg,
                      const veto_i_ctx_t *ctx, veto_error_t *err);
/* Bytes per thread of the table dp_do_ssi sweeps (with its alignment). */
u64 dp_ssi_table_bytes(const rgame_t *rg);
/* The Shapley-Shubik numerators from residues of items c * m + k. */
void dp_ssi_finish(veto_i_counts_t *out, const rgame_t *rg, const crt_t *crt,
                   const u32 *res, u32 *digit);

/* dp_mwc.c: minimal winning coalitions (by size when by_size; then by the
 * sweep when sweep, else by mwc_prime). */
veto_status dp_do_mwc(veto_i_counts_t *out, const rgame_t *rg, bool by_size,
                      bool sweep, const veto_i_ctx_t *ctx, veto_error_t *err);
/* dp_mwc.c: mwc_total alone (NEED_MWC_TOTAL). */
veto_status dp_do_mwc_total(veto_i_counts_t *out, const rgame_t *rg,
                            const veto_i_ctx_t *ctx, veto_error_t *err);
/* mwc_total, mwc[] and (by size) dpi_sum[] from residues laid out as
 * mwc_prime's items. */
void dp_mwc_finish(veto_i_counts_t *out, const rgame_t *rg, bool by_size,
                   const crt_t *crt, const u32 *res, u32 *digit);

/* dp_johnston.c: Johnston by classes (sweep false) or by the sweep. */
veto_status dp_do_johnston(veto_i_counts_t *out, const rgame_t *rg, bool sweep,
                           const veto_i_ctx_t *ctx, veto_error_t *err);
/* jo_sum[] from residues of items c (m + 1) + k. */
void dp_jo_finish(veto_i_counts_t *out, const rgame_t *rg, const crt_t *crt,
                  const u32 *res, u32 *digit);

/* dp_sweep.c: the sweep that turns the players heavy, heaviest first, for
 * Johnston (mwc false; items as jo_prime's) or the minimal winning
 * coalitions by size (mwc true; items as mwc_prime's by size). */
typedef struct sweep_job {
    job_t base;
    bool mwc;
} sweep_job_t;
bool dp_sweep_prime(const job_t *jb, size_t j, u32 *res);
/* Players turned heavy per sweep of the table. */
#define JOSW_GROUP 4
/* The most players whose weights sum to less than q. */
size_t dp_josw_kmax(const rgame_t *rg);
/* Bytes per thread of the sweep. */
u64 dp_josw_bytes(const rgame_t *rg);

/* dp_types.c: SSI, DPI (with Holler) and Johnston, those of `which`, by the
 * typed recurrence in one job. */
veto_status dp_do_typed(veto_i_counts_t *out, const rgame_t *rg, unsigned which,
                        const veto_i_ctx_t *ctx, veto_error_t *err);
/* Johnston: the typed runs cost about d^2 / 2 passes over the table by
 * weight and size, the sweep (josw_prime) m passes: typed when d (d + 1)
 * <= 1.5 m (measured crossovers at 200 and 500 players, bench/README.md). */
#define JOSW_TYPED(d, m) (2 * (d) * ((d) + 1) <= 3 * (m))
/* Whether the typed recurrence is worth it for `which` (one NEED bit):
 * mode 1 always, 0 and 2 never, -1 by the cost model. */
bool dp_use_types(const rgame_t *rg, unsigned which, int mode);

/* dp_proper.c: proper and strong. */
veto_status dp_fill_proper(veto_i_counts_t *out, const rgame_t *rg,
                           const veto_i_ctx_t *ctx, veto_error_t *err);

/* dp_pseries.c: the power-series route (pseries.c) for Banzhaf (winning
 * and swings) and Shapley-Shubik; route 1 forces it (when q <= 2^31), 0
 * forbids it, -1 compares dp_pseries_work with the recursion's work. */
bool dp_use_pseries(const rgame_t *rg, unsigned which, int route);
/* Its estimated cost in the recursion's word operations (all primes);
 * which is VETO_I_NEED_SWINGS or VETO_I_NEED_SSI; INFINITY when the route
 * cannot take the game. */
double dp_pseries_work(const rgame_t *rg, unsigned which);
/* Its peak bytes, per thread and shared. */
u64 dp_pseries_bytes(const rgame_t *rg, unsigned which);
veto_status dp_ps_banzhaf(veto_i_counts_t *out, const rgame_t *rg,
                          unsigned need, const veto_i_ctx_t *ctx,
                          veto_error_t *err);
veto_status dp_ps_ssi(veto_i_counts_t *out, const rgame_t *rg,
                      const veto_i_ctx_t *ctx, veto_error_t *err);
/* dp_estimate.c: the recursion's word operations per prime for
 * Shapley-Shubik (typed or by the table, as dp_use_types chooses). */
double dp_ssi_work(const rgame_t *rg);

/* dp_estimate.c: peak bytes of the passes `need` runs. */
u64 dp_estimate_rg(const rgame_t *rg, unsigned need);

#endif
