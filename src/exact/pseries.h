/*
 * pseries.h: the power-series route for weighted games (Kakimura and
 * Terai, arXiv 2511.14995), internal to the exact engines.
 *
 * The generating function F(x) = prod_i (1 + x^{w_i}) mod x^q is
 * exp(sum_i log(1 + x^{w_i})), the logarithm a sum over the distinct
 * weights built in O(q log q) and the exponential by Newton's iteration
 * with number-theoretic transforms, modulo primes p = c 2^32 + 1 in
 * (2^49, 2^50) (transforms up to 2^32 points; below 2^50 so that the
 * butterflies run on AVX-512 IFMA's 52-bit multipliers). Exact counts come from
 * the CRT over enough primes, as in dp. See pseries.c for the algorithms and
 * their cost.
 */
#ifndef VETO_PSERIES_H
#define VETO_PSERIES_H

#include "counts.h"

/* A reduced weighted game: d distinct weights w[c] (1 <= w[c] <= q) with
 * mult[c] players each, m players in all, quota q >= 1 (a coalition wins
 * when its weight reaches q). */
typedef struct veto_i_ps_game {
    uint64_t q;
    size_t m;
    size_t d;
    const uint64_t *w;  /* [d], distinct, descending */
    const size_t *mult; /* [d], >= 1 */
} veto_i_ps_game_t;

/* ---- primes and the CRT ------------------------------------------------ */

typedef struct veto_i_ps_crt {
    size_t r;
    uint64_t *p;   /* [r] primes c 2^32 + 1, descending from 2^50 */
    uint64_t *inv; /* [r * r]: inv[j * r + i] = p_i^{-1} mod p_j, i < j */
} veto_i_ps_crt_t;

/* Enough primes for values in [0, 2^bits). Errors: ENOMEM. O(r^2 + r
 * log p) after finding the primes. */
veto_status veto_i_ps_crt_init(veto_i_ps_crt_t *c, uint64_t bits,
                               veto_error_t *err);
/* The fewest primes (the same sequence) whose product exceeds bound >= 0,
 * so that every value in [0, bound] comes back. Errors: ENOMEM, ELIMIT.
 * O(r^2 + r log p). */
veto_status veto_i_ps_crt_init_above(veto_i_ps_crt_t *c, const mpz_t bound,
                                     veto_error_t *err);
void veto_i_ps_crt_clear(veto_i_ps_crt_t *c);
/* out = the value in [0, prod p) with residues res[j * stride]; digit: r
 * words of scratch. O(r^2). */
void veto_i_ps_crt_value(mpz_t out, const veto_i_ps_crt_t *c,
                         const uint64_t *res, size_t stride, uint64_t *digit);

/* ---- series modulo one prime (values in [0, p), plain representation) -- */

typedef struct veto_i_ps_field veto_i_ps_field_t;

/* The arithmetic and transform tables modulo p (one of the crt's primes,
 * or any prime c 2^k + 1 < 2^50 with 2^k >= the transforms asked) for
 * series of up to maxlen coefficients. NULL on ENOMEM or a p that is not
 * of that form. O(maxlen) time and 16 maxlen bytes of tables. */
veto_i_ps_field_t *veto_i_ps_field_new(uint64_t p, size_t maxlen);
void veto_i_ps_field_free(veto_i_ps_field_t *f);
/* Use the AVX-512 IFMA transforms (on, where the processor has them) or
 * the scalar ones (off): for tests, which check both. Returns whether the
 * vector code is now in use. */
bool veto_i_ps_field_vector(veto_i_ps_field_t *f, bool on);

/* out = a b mod x^n (la, lb coefficients of a and b; out may not alias).
 * O(n log n). false on ENOMEM. */
bool veto_i_ps_mul(const veto_i_ps_field_t *f, uint64_t *out, const uint64_t *a,
                   size_t la, const uint64_t *b, size_t lb, size_t n);
/* out = 1 / a mod x^n, a[0] != 0. O(n log n). false on ENOMEM or a[0] = 0. */
bool veto_i_ps_inv(const veto_i_ps_field_t *f, uint64_t *out, const uint64_t *a,
                   size_t n);
/* out = log a mod x^n, a[0] = 1, n < p. false on ENOMEM or misuse. */
bool veto_i_ps_log(const veto_i_ps_field_t *f, uint64_t *out, const uint64_t *a,
                   size_t n);
/* out = exp a mod x^n, a[0] = 0, n < p. false on ENOMEM or misuse. */
bool veto_i_ps_exp(const veto_i_ps_field_t *f, uint64_t *out, const uint64_t *a,
                   size_t n);

/* ---- counts modulo one prime -------------------------------------------- */

/* Residues modulo p (a crt prime): res[0] = the coalitions of weight below
 * q, res[(1 + c) * stride] = the swings of a player of weight w[c]
 * (coalitions S without it, q - w[c] <= w(S) < q). O(q log q + sum_c
 * q / w[c]) time, about 64 N + 24 q bytes (N >= q the transform
 * size). false on ENOMEM. */
bool veto_i_ps_banzhaf_prime(uint64_t *res, size_t stride,
                             const veto_i_ps_game_t *g, uint64_t p);

/* The coalition sizes a swing can have: every swing coalition of every
 * player has between *lo and *hi members (lo <= hi < m). */
void veto_i_ps_ssi_window(size_t *lo, size_t *hi, const veto_i_ps_game_t *g);

/* Progress and stop inside one prime: return false to stop. */
typedef bool (*veto_i_ps_poll_fn)(void *user, double fraction);

/* Residues modulo p of the swings by size: res[(c * (hi - lo + 1) + k - lo)
 * * stride] = swings of a player of weight w[c] through coalitions of k
 * members, k in [lo, hi] (veto_i_ps_ssi_window). The generating function
 * prod (1 + y x^{w_i}) is evaluated at span = hi - lo + 1 powers of a Y-th
 * root of unity y (Y = 2^ceil(log2 span)), each one an exponential as for
 * Banzhaf, and the swings by size are the interpolating polynomial of
 * those values, by the inverse Vandermonde matrix of the points (built
 * once per prime). all: at all Y powers instead, with an inverse transform
 * of length Y per weight (the same residues; for the tests). O(span (q log
 * q + sum_c q / w[c]) + d span^2) time (Y for span and d Y log Y for d
 * span^2 with all). false on ENOMEM or when poll (may be NULL) asked to
 * stop. */
bool veto_i_ps_ssi_prime(uint64_t *res, size_t stride,
                         const veto_i_ps_game_t *g, uint64_t p, bool all,
                         veto_i_ps_poll_fn poll, void *user);

/* ---- the engine ------------------------------------------------------------
 */

/* Exact Banzhaf counts of g: *below = coalitions of weight below q,
 * swings[c] for a player of weight w[c] (initialised mpz). Primes in
 * parallel on ctx->threads, shared over ctx's processes like dp. Errors:
 * ENOMEM, ELIMIT (budget), ETIMEOUT/ECANCELLED (polls). */
veto_status veto_i_ps_banzhaf(mpz_t below, mpz_t *swings,
                              const veto_i_ps_game_t *g,
                              const veto_i_ctx_t *ctx, veto_error_t *err);

/* Exact swings by size: for every weight c, emit(user, c, lo, hi, sw) with
 * sw[k - lo] the swings of a player of weight w[c] through coalitions of k
 * members (veto_i_ps_ssi_window); sizes outside [lo, hi] have none.
 * Errors: as veto_i_ps_banzhaf. */
typedef void (*veto_i_ps_emit_fn)(void *user, size_t c, size_t lo, size_t hi,
                                  const mpz_t *sw);
veto_status veto_i_ps_ssi(const veto_i_ps_game_t *g, veto_i_ps_emit_fn emit,
                          void *user, const veto_i_ctx_t *ctx,
                          veto_error_t *err);

/* Estimated bytes (per thread, one prime at a time) and word operations
 * (all primes) of the two routes; which is VETO_I_NEED_SWINGS or
 * VETO_I_NEED_SSI. */
uint64_t veto_i_ps_bytes(const veto_i_ps_game_t *g, unsigned which);
/* The number of primes the route takes (Shapley-Shubik: estimated, within
 * one of the count veto_i_ps_ssi takes). */
double veto_i_ps_primes(const veto_i_ps_game_t *g, unsigned which);
double veto_i_ps_work(const veto_i_ps_game_t *g, unsigned which);

#endif /* VETO_PSERIES_H */
