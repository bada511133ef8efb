/*
 * pseries.c: Banzhaf and Shapley-Shubik counts of a weighted game through
 * the logarithm and exponential of its generating function (after
 * Kakimura and Terai, "Computing power indices in weighted majority games
 * with formal power series", arXiv 2511.14995).
 *
 * Banzhaf. F(x) = prod_i (1 + x^{w_i}) counts the coalitions by weight.
 * log(1 + x^w) = sum_{k >= 1} (-1)^{k+1} x^{wk} / k, so with c_w players
 * of weight w, log F = sum_w c_w sum_k (-1)^{k+1} x^{wk} / k: a harmonic
 * sum, O(q log q) terms below x^q whatever the number of players. Newton's
 * iteration only needs the derivative (log F)' = F' / F, whose coefficient
 * of x^{t-1} is sum_{w | t} c_w w (-1)^{t/w+1}: no inverses at all. Then
 * F = exp(log F) mod x^q. A player of weight w swings in the coalitions S
 * without it with q - w <= w(S) < q, counted by G = F / (1 + x^w), so with
 * Fc(t) = sum_{s<t} F(s) and P_l = Fc(q - l w) (0 once q - l w <= 0):
 * swings = sum_{l>=0} (-1)^l (P_l - P_{l+1}) = P_0 - 2 sum_{l>=1} (-1)^{l-1}
 * P_l, O(q / w) per distinct weight.
 *
 * Shapley-Shubik. With a size variable, F(x, y) = prod (1 + y x^{w_i})
 * and log F = sum_w c_w sum_k (-1)^{k+1} y^k x^{wk} / k. For a fixed value
 * of y this is the Banzhaf computation again, and the swings of a weight-w
 * player through coalitions of every size, S(y) = sum_k s_k y^k, are
 * P_0 - (1 + y) sum_{l>=1} (-y)^{l-1} P_l (the same division by 1 + y x^w).
 * Every swing coalition has between lo and hi members (the window:
 * veto_i_ps_ssi_window), so S(y) y^{-lo} is a polynomial of degree below
 * span = hi - lo + 1, and its values at span distinct points give its
 * coefficients back. The points are the first span powers of a Y-th root
 * of unity (Y = 2^ceil(log2 span)), so that y^k is a lookup in the table
 * of its powers, and the coefficients come from the values by the inverse
 * of the points' Vandermonde matrix, built once per prime and applied to
 * every weight class (ssi_coefficients has the proof). The paper treats y
 * as a second dimension of the series; evaluating it at points is that
 * computation taken one row at a time, in O(q) memory. All Y powers and
 * an inverse transform of length Y would do too, with one exponential per
 * point more for each of the Y - span points (a fifth more at 1,000
 * players): the tests keep that route to check against.
 *
 * Arithmetic. Every Banzhaf count is below 2^(m+1). Each prime p = c
 * 2^32 + 1 in (2^49, 2^50) carries 49 bits, so r = floor((m + 1) / 49) +
 * 1 primes, and transforms up to 2^32 points exist modulo each. The
 * swings by size are at most max_k C(m - 1, k) over the window, about m -
 * log2(m) / 2 bits: Shapley-Shubik takes the fewest primes whose product
 * exceeds that (ssi_kstar), one fewer at 1,000 players. Below 2^50 so that 4p <
 * 2^52: the transforms' butterflies (Shoup products by the fixed roots,
 * residues kept lazily below 2p) and the pointwise products (Montgomery,
 * R = 2^52) run eight at a time on AVX-512 IFMA's 52-bit multipliers where
 * the processor has them, and the same arithmetic runs scalar, in 128-bit
 * products, elsewhere. Residues are in Montgomery form outside the
 * transforms, which commute with it.
 *
 * Why not primes nearer 2^52: the lazy butterflies feed Shoup's product
 * t = u - v + 2p < 4p, which must stay below 2^52 (the multipliers'
 * width), hence p < 2^50. Primes below 2^51 would need every butterfly's
 * inputs fully reduced (t < 2p), a compare and subtract more per output,
 * for 50 bits a prime instead of 49: 2% fewer primes (101 instead of 103
 * at m = 5000), less than the extra reductions cost. The bound: Fc(q) <=
 * 2^m and the swings <= 2^(m-1), so m + 1 bits cover every count with a
 * bit to spare; the spare bit is worth one prime in 49 at most.
 *
 * Exponential (exp_mont): f = exp(h) and g = 1 / f are doubled together;
 * the steps and their transforms are counted in the comment above
 * exp_mont: 19 transforms of size N in all (N the transform size >= n),
 * fewer when n is just above a power of two.
 *
 * Cost per prime: Banzhaf O(q log q) (the transforms, about 19 N/2 log N
 * butterflies with N >= q), SSI span times that plus d span^2 for the
 * interpolation; the recursion in dp.c costs
 * O(m q) and O(m^2 q) word additions per prime (vectorised, 16 a cycle),
 * so this route wins only when m is large against log q times the
 * transforms' constant: the engine chooses by veto_i_ps_work against
 * veto_i_dp_work (bench/README.md has the measured crossover).
 */
#include "pseries.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

typedef uint64_t u64;
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

/* ---- Montgomery arithmetic modulo p < 2^50 ------------------------------ */

#define MASK52 ((((u64)1) << 52) - 1)

/* Montgomery form x 2^52 mod p (R = 2^52, the width of the IFMA
 * multipliers, so that the vector and scalar code share one form). */
struct veto_i_ps_field {
    u64 p;
    u64 ni;      /* -p^{-1} mod 2^52 */
    u64 r1;      /* 2^52 mod p: one in Montgomery form */
    u64 r2;      /* 2^104 mod p */
    size_t maxn; /* largest transform */
    /* [maxn]: rt[len + j] = w_{2 len}^j (plain), rtq[len + j] its Shoup
     * quotient floor(rt 2^52 / p); irt, irtq the inverses */
    u64 *rt, *rtq, *irt, *irtq;
    bool ifma; /* the transforms' butterflies by AVX-512 IFMA */
};

typedef struct veto_i_ps_field field_t;

static bool ps_have_ifma(void);

/* t < 2^52 p: t + m p < 2^53 p < 2^103, and the result u < 2p. */
static inline u64 redc(const field_t *F, u128 t)
{
    u64 m = ((u64)t * F->ni) & MASK52;
    u64 u = (u64)((t + (u128)m * F->p) >> 52);
    return u >= F->p ? u - F->p : u;
}

/* a, b < 2p (4 p^2 < 2^52 p): the product of the Montgomery forms */
static inline u64 mmul(const field_t *F, u64 a, u64 b)
{
    return redc(F, (u128)a * b);
}

static inline u64 madd(u64 a, u64 b, u64 p)
{
    u64 s = a + b; /* < 2^63 */
    return s >= p ? s - p : s;
}

static inline u64 msub(u64 a, u64 b, u64 p)
{
    return a >= b ? a - b : a + p - b;
}

static inline u64 to_mont(const field_t *F, u64 a)
{
    return mmul(F, a < F->p ? a : a % F->p, F->r2);
}

static inline u64 from_mont(const field_t *F, u64 a)
{
    return redc(F, a);
}

/* a^e, a and the result in Montgomery form */
static u64 mpow(const field_t *F, u64 a, u64 e)
{
    u64 r = F->r1;
    while (e > 0) {
        if (e & 1) {
            r = mmul(F, r, a);
        }
        a = mmul(F, a, a);
        e >>= 1;
    }
    return r;
}

/* plain (u128) modular power, for the prime tests */
static u64 powmod(u64 b, u64 e, u64 p)
{
    u64 r = 1 % p;
    b %= p;
    while (e > 0) {
        if (e & 1) {
            r = (u64)((u128)r * b % p);
        }
        b = (u64)((u128)b * b % p);
        e >>= 1;
    }
    return r;
}

/* Deterministic Miller-Rabin for n < 2^64 (the seven bases of Jim
 * Sinclair). */
static bool is_prime_u64(u64 n)
{
    if (n < 2) {
        return false;
    }
    static const u64 small[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        if (n % small[i] == 0) {
            return n == small[i];
        }
    }
    u64 d = n - 1;
    unsigned s = 0;
    while ((d & 1) == 0) {
        d >>= 1;
        s++;
    }
    static const u64 base[] = {2,      325,     9375,      28178,
                               450775, 9780504, 1795265022};
    for (size_t i = 0; i < 7; i++) {
        u64 a = base[i] % n;
        if (a == 0) {
            continue;
        }
        u64 x = powmod(a, d, n);
        if (x == 1 || x == n - 1) {
            continue;
        }
        bool comp = true;
        for (unsigned j = 1; j < s; j++) {
            x = (u64)((u128)x * x % n);
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

void veto_i_ps_field_free(veto_i_ps_field_t *f)
{
    if (f == NULL) {
        return;
    }
    veto_i_free(f->rt);
    veto_i_free(f->rtq);
    veto_i_free(f->irt);
    veto_i_free(f->irtq);
    veto_i_free(f);
}

static size_t pow2_at_least(size_t n)
{
    size_t N = 1;
    while (N < n) {
        N <<= 1;
    }
    return N;
}

/* floor(w 2^52 / p) without a 128-bit division: the double's estimate is
 * off by a few units at most, then corrected (w < p < 2^50). */
static u64 shoup_quot(u64 w, u64 p)
{
    u64 q = (u64)((double)w * 4503599627370496.0 / (double)p);
    i128 rem = ((i128)w << 52) - (i128)q * p;
    while (rem < 0) {
        q--;
        rem += p;
    }
    while (rem >= (i128)p) {
        q++;
        rem -= p;
    }
    return q;
}

/* Tables for transforms up to maxlen (rounded up to a power of two). */
static field_t *field_alloc(size_t maxlen)
{
    if (maxlen > ((size_t)1 << 32)) {
        return NULL;
    }
    field_t *F = veto_i_calloc(1, sizeof *F);
    if (F == NULL) {
        return NULL;
    }
    size_t maxn = pow2_at_least(maxlen < 2 ? 2 : maxlen);
    F->maxn = maxn;
    F->rt = veto_i_mallocarray(maxn, sizeof *F->rt);
    F->rtq = veto_i_mallocarray(maxn, sizeof *F->rtq);
    F->irt = veto_i_mallocarray(maxn, sizeof *F->irt);
    F->irtq = veto_i_mallocarray(maxn, sizeof *F->irtq);
    if (F->rt == NULL || F->rtq == NULL || F->irt == NULL || F->irtq == NULL) {
        veto_i_ps_field_free(F);
        return NULL;
    }
    F->ifma = ps_have_ifma();
    return F;
}

/* The constants and tables modulo p (an odd prime below 2^50 with 2^k | p -
 * 1, 2^k >= maxn); false when p is not of that form. O(maxn). */
static bool field_set(field_t *F, u64 p)
{
    if (p < 3 || p >= ((u64)1 << 50) || (p & 1) == 0) {
        return false;
    }
    unsigned k = 0; /* 2^k | p - 1 */
    while (((p - 1) >> k & 1) == 0) {
        k++;
    }
    size_t maxn = F->maxn;
    if (((u64)1 << k) < (u64)maxn) {
        return false;
    }
    F->p = p;
    u64 inv = p; /* p^{-1} mod 2^64 by Newton: 3, 6, 12, 24, 48, 96 bits */
    for (int i = 0; i < 5; i++) {
        inv *= 2 - p * inv;
    }
    F->ni = ((u64)0 - inv) & MASK52;
    F->r1 = ((u64)1 << 52) % p;
    F->r2 = (u64)((u128)F->r1 * F->r1 % p);
    /* z of order exactly 2^k: a^((p-1)/2^k) for a non-residue a */
    u64 z = 0;
    for (u64 a = 2; a < p && a < 1000; a++) {
        if (powmod(a, (p - 1) / 2, p) == p - 1) {
            z = powmod(a, (p - 1) >> k, p);
            break;
        }
    }
    if (z == 0 || powmod(z, (u64)1 << (k - 1), p) != p - 1) {
        return false; /* p is not prime */
    }
    F->rt[0] = F->irt[0] = 1;
    F->rtq[0] = F->irtq[0] = shoup_quot(1, p);
    u64 w = to_mont(F, z);
    for (unsigned i = 0; i < k; i++) {
        if (((size_t)1 << (k - i)) <= maxn) {
            break;
        }
        w = mmul(F, w, w); /* order 2^(k - i - 1) */
    }
    /* w has order maxn: the top level, len = maxn / 2, by powers; below,
     * w_{2 len}^j = w_{4 len}^{2 j}, every other entry of the level above;
     * the inverses w^{-j} = -w^{len - j} (w^len = -1), whose quotients are
     * 2^52 - 1 - the quotient of w^{len - j} (p does not divide it) */
    size_t L = maxn / 2;
    /* four chains of powers w^(4i + c), interleaved against the
     * multiplier's latency */
    u64 a[4], w4;
    a[0] = F->r1;
    for (int c = 1; c < 4; c++) {
        a[c] = mmul(F, a[c - 1], w);
    }
    w4 = mmul(F, a[3], w);
    for (size_t j = 0; j < L; j += 4) {
        for (size_t c = 0; c < 4 && j + c < L; c++) {
            u64 pa = from_mont(F, a[c]);
            F->rt[L + j + c] = pa;
            F->rtq[L + j + c] = shoup_quot(pa, p);
            a[c] = mmul(F, a[c], w4);
        }
    }
    F->irt[L] = 1;
    F->irtq[L] = F->rtq[L];
    for (size_t j = 1; j < L; j++) {
        F->irt[L + j] = p - F->rt[2 * L - j];
        F->irtq[L + j] = MASK52 - F->rtq[2 * L - j];
    }
    for (size_t len = L / 2; len >= 1; len >>= 1) {
        for (size_t j = 0; j < len; j++) {
            F->rt[len + j] = F->rt[2 * len + 2 * j];
            F->rtq[len + j] = F->rtq[2 * len + 2 * j];
            F->irt[len + j] = F->irt[2 * len + 2 * j];
            F->irtq[len + j] = F->irtq[2 * len + 2 * j];
        }
    }
    return true;
}

bool veto_i_ps_field_vector(veto_i_ps_field_t *f, bool on)
{
    f->ifma = on && ps_have_ifma();
    return f->ifma;
}

veto_i_ps_field_t *veto_i_ps_field_new(u64 p, size_t maxlen)
{
    field_t *F = field_alloc(maxlen);
    if (F != NULL && !field_set(F, p)) {
        veto_i_ps_field_free(F);
        F = NULL;
    }
    return F;
}

/* The butterflies keep residues lazily in [0, 2p) (Harvey): p < 2^50, so
 * 4p < 2^52 and Shoup's product by a fixed w (quotient wq = floor(w 2^52 /
 * p)), t w - floor(t wq / 2^52) p, lies in [0, 2p) for every t < 2^52.
 * The transforms commute with the Montgomery factor, so they take the
 * Montgomery form as it is; the results stay below 2p, which mmul and the
 * scale of intt reduce. */
static inline u64 shoup(u64 t, u64 w, u64 wq, u64 p)
{
    u64 q = (u64)(((u128)t * wq) >> 52);
    return w * t - q * p; /* exact: the true value is below 2p */
}

static inline u64 lazy2(u64 x, u64 p2)
{
    return x >= p2 ? x - p2 : x;
}

/* one stage of the forward transform over blocks of 2 len */
static void dif_stage(u64 *a, size_t N, size_t len, const u64 *w, const u64 *wq,
                      u64 p)
{
    u64 p2 = 2 * p;
    for (size_t i = 0; i < N; i += 2 * len) {
        u64 *x = a + i, *y = a + i + len;
        for (size_t j = 0; j < len; j++) {
            u64 u = x[j], v = y[j];
            x[j] = lazy2(u + v, p2);
            y[j] = shoup(u - v + p2, w[j], wq[j], p);
        }
    }
}

static void dit_stage(u64 *a, size_t N, size_t len, const u64 *w, const u64 *wq,
                      u64 p)
{
    u64 p2 = 2 * p;
    for (size_t i = 0; i < N; i += 2 * len) {
        u64 *x = a + i, *y = a + i + len;
        for (size_t j = 0; j < len; j++) {
            u64 u = x[j], v = shoup(y[j], w[j], wq[j], p);
            x[j] = lazy2(u + v, p2);
            y[j] = lazy2(u - v + p2, p2);
        }
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PS_IFMA_TARGET __attribute__((target("avx512f,avx512ifma")))

static bool ps_have_ifma(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512ifma");
}

/* Shoup's product lane by lane (t < 2^52): [0, 2p). */
PS_IFMA_TARGET
static inline __m512i shoup_v(__m512i t, __m512i W, __m512i WQ, __m512i P)
{
    const __m512i Z = _mm512_setzero_si512();
    __m512i q = _mm512_madd52hi_epu64(Z, t, WQ);
    __m512i r = _mm512_sub_epi64(_mm512_madd52lo_epu64(Z, t, W),
                                 _mm512_madd52lo_epu64(Z, q, P));
    return _mm512_and_si512(r, _mm512_set1_epi64((long long)MASK52));
}

PS_IFMA_TARGET
static inline __m512i lazy_v(__m512i x, __m512i P2)
{
    return _mm512_min_epu64(x, _mm512_sub_epi64(x, P2));
}

/* The forward (decimation in frequency) butterfly on eight lanes: (u, v)
 * -> (u + v, (u - v) w), inputs and outputs below 2p. */
PS_IFMA_TARGET
static inline void dif_bf(__m512i *s, __m512i *d, __m512i u, __m512i v,
                          __m512i W, __m512i WQ, __m512i P, __m512i P2)
{
    *s = lazy_v(_mm512_add_epi64(u, v), P2);
    *d = shoup_v(_mm512_add_epi64(_mm512_sub_epi64(u, v), P2), W, WQ, P);
}

/* The inverse's (decimation in time) butterfly: (u, t) -> (u + t w, u -
 * t w), inputs and outputs below 2p. */
PS_IFMA_TARGET
static inline void dit_bf(__m512i *s, __m512i *d, __m512i u, __m512i t,
                          __m512i W, __m512i WQ, __m512i P, __m512i P2)
{
    __m512i v = shoup_v(t, W, WQ, P);
    *s = lazy_v(_mm512_add_epi64(u, v), P2);
    *d = lazy_v(_mm512_add_epi64(_mm512_sub_epi64(u, v), P2), P2);
}

/* The same stages eight lanes at a time (len >= 8). */
PS_IFMA_TARGET
static void dif_stage_ifma(u64 *a, size_t N, size_t len, const u64 *w,
                           const u64 *wq, u64 p)
{
    const __m512i P = _mm512_set1_epi64((long long)p);
    const __m512i P2 = _mm512_set1_epi64((long long)(2 * p));
    for (size_t i = 0; i < N; i += 2 * len) {
        u64 *x = a + i, *y = a + i + len;
        for (size_t j = 0; j < len; j += 8) {
            __m512i u = _mm512_loadu_si512((const void *)(x + j));
            __m512i v = _mm512_loadu_si512((const void *)(y + j));
            __m512i W = _mm512_loadu_si512((const void *)(w + j));
            __m512i WQ = _mm512_loadu_si512((const void *)(wq + j));
            __m512i s, r;
            dif_bf(&s, &r, u, v, W, WQ, P, P2);
            _mm512_storeu_si512((void *)(x + j), s);
            _mm512_storeu_si512((void *)(y + j), r);
        }
    }
}

PS_IFMA_TARGET
static void dit_stage_ifma(u64 *a, size_t N, size_t len, const u64 *w,
                           const u64 *wq, u64 p)
{
    const __m512i P = _mm512_set1_epi64((long long)p);
    const __m512i P2 = _mm512_set1_epi64((long long)(2 * p));
    for (size_t i = 0; i < N; i += 2 * len) {
        u64 *x = a + i, *y = a + i + len;
        for (size_t j = 0; j < len; j += 8) {
            __m512i u = _mm512_loadu_si512((const void *)(x + j));
            __m512i t = _mm512_loadu_si512((const void *)(y + j));
            __m512i W = _mm512_loadu_si512((const void *)(w + j));
            __m512i WQ = _mm512_loadu_si512((const void *)(wq + j));
            __m512i s, d;
            dit_bf(&s, &d, u, t, W, WQ, P, P2);
            _mm512_storeu_si512((void *)(x + j), s);
            _mm512_storeu_si512((void *)(y + j), d);
        }
    }
}

/* Montgomery product lane by lane (a, b < 2p): [0, 2p). The low halves of
 * t and m p add up to 0 or exactly 2^52 (carry 1 iff t's low half is not
 * 0). */
PS_IFMA_TARGET
static inline __m512i mont_v(__m512i a, __m512i b, __m512i P, __m512i NI)
{
    const __m512i Z = _mm512_setzero_si512();
    __m512i lo = _mm512_madd52lo_epu64(Z, a, b);
    __m512i hi = _mm512_madd52hi_epu64(Z, a, b);
    __m512i m = _mm512_madd52lo_epu64(Z, lo, NI);
    __m512i u = _mm512_madd52hi_epu64(hi, m, P);
    __mmask8 c = _mm512_cmpneq_epu64_mask(lo, Z);
    return _mm512_mask_add_epi64(u, c, u, _mm512_set1_epi64(1));
}

/* The constants of the stages len = 4, 2, 1 inside a block of eight, for
 * dif_tail_ifma (w = rt) and dit_head_ifma (w = irt): lane permutations
 * that put each pair's two entries in both lanes (u: the first, v: the
 * second), and the twiddle w_{2 len}^j of lane i at j = i mod len with its
 * Shoup quotient. */
typedef struct tail8 {
    __m512i P, P2;
    __m512i iu4, iv4, iu2, iv2, iu1, iv1;
    __m512i W4, Q4, W2, Q2, W1, Q1;
} tail8_t;

PS_IFMA_TARGET
static void tail8_init(tail8_t *T, u64 p, const u64 *w, const u64 *wq)
{
    T->P = _mm512_set1_epi64((long long)p);
    T->P2 = _mm512_set1_epi64((long long)(2 * p));
    long long u[3][8], v[3][8], tw[3][8], tq[3][8];
    for (int s = 0; s < 3; s++) {
        int len = 4 >> s;
        for (int i = 0; i < 8; i++) {
            int j = i % len, base = i / (2 * len) * 2 * len;
            u[s][i] = base + j;
            v[s][i] = base + j + len;
            tw[s][i] = (long long)w[len + j];
            tq[s][i] = (long long)wq[len + j];
        }
    }
    T->iu4 = _mm512_loadu_si512((const void *)u[0]);
    T->iv4 = _mm512_loadu_si512((const void *)v[0]);
    T->iu2 = _mm512_loadu_si512((const void *)u[1]);
    T->iv2 = _mm512_loadu_si512((const void *)v[1]);
    T->iu1 = _mm512_loadu_si512((const void *)u[2]);
    T->iv1 = _mm512_loadu_si512((const void *)v[2]);
    T->W4 = _mm512_loadu_si512((const void *)tw[0]);
    T->Q4 = _mm512_loadu_si512((const void *)tq[0]);
    T->W2 = _mm512_loadu_si512((const void *)tw[1]);
    T->Q2 = _mm512_loadu_si512((const void *)tq[1]);
    T->W1 = _mm512_loadu_si512((const void *)tw[2]);
    T->Q1 = _mm512_loadu_si512((const void *)tq[2]);
}

/* The stages len = 4, 2, 1 inside each block of eight (N >= 8): a blend
 * keeps the sum in a pair's first lane, the product in its second. */
PS_IFMA_TARGET
static void dif_tail_ifma(const field_t *F, u64 *a, size_t N)
{
    tail8_t T;
    tail8_init(&T, F->p, F->rt, F->rtq);
    const __m512i P = T.P, P2 = T.P2;
    for (size_t i = 0; i < N; i += 8) {
        __m512i x = _mm512_loadu_si512((const void *)(a + i));
        __m512i sm, df;
        dif_bf(&sm, &df, _mm512_permutexvar_epi64(T.iu4, x),
               _mm512_permutexvar_epi64(T.iv4, x), T.W4, T.Q4, P, P2);
        x = _mm512_mask_blend_epi64(0xF0, sm, df);
        dif_bf(&sm, &df, _mm512_permutexvar_epi64(T.iu2, x),
               _mm512_permutexvar_epi64(T.iv2, x), T.W2, T.Q2, P, P2);
        x = _mm512_mask_blend_epi64(0xCC, sm, df);
        dif_bf(&sm, &df, _mm512_permutexvar_epi64(T.iu1, x),
               _mm512_permutexvar_epi64(T.iv1, x), T.W1, T.Q1, P, P2);
        x = _mm512_mask_blend_epi64(0xAA, sm, df);
        _mm512_storeu_si512((void *)(a + i), x);
    }
}

PS_IFMA_TARGET
static void dit_head_ifma(const field_t *F, u64 *a, size_t N)
{
    tail8_t T;
    tail8_init(&T, F->p, F->irt, F->irtq);
    const __m512i P = T.P, P2 = T.P2;
    for (size_t i = 0; i < N; i += 8) {
        __m512i x = _mm512_loadu_si512((const void *)(a + i));
        __m512i sm, df;
        dit_bf(&sm, &df, _mm512_permutexvar_epi64(T.iu1, x),
               _mm512_permutexvar_epi64(T.iv1, x), T.W1, T.Q1, P, P2);
        x = _mm512_mask_blend_epi64(0xAA, sm, df);
        dit_bf(&sm, &df, _mm512_permutexvar_epi64(T.iu2, x),
               _mm512_permutexvar_epi64(T.iv2, x), T.W2, T.Q2, P, P2);
        x = _mm512_mask_blend_epi64(0xCC, sm, df);
        dit_bf(&sm, &df, _mm512_permutexvar_epi64(T.iu4, x),
               _mm512_permutexvar_epi64(T.iv4, x), T.W4, T.Q4, P, P2);
        x = _mm512_mask_blend_epi64(0xF0, sm, df);
        _mm512_storeu_si512((void *)(a + i), x);
    }
}

/* Two stages of the forward transform in one pass (len, then len / 2,
 * len >= 16), over blocks of 2 len: x0..x3 = a[j], a[j + len / 2], a[j +
 * len], a[j + 3 len / 2] for j < len / 2. Stage len pairs (x0, x2) by w_{2
 * len}^j and (x1, x3) by w_{2 len}^{j + len/2}; stage len / 2 pairs the
 * results (y0, y1) and (y2, y3), both by w_{len}^j: the same operations as
 * two dif_stage_ifma calls, with one load and store of each entry instead
 * of two. */
PS_IFMA_TARGET
static void dif2_stage_ifma(const field_t *F, u64 *a, size_t N, size_t len)
{
    const __m512i P = _mm512_set1_epi64((long long)F->p);
    const __m512i P2 = _mm512_set1_epi64((long long)(2 * F->p));
    const u64 *w = F->rt + len, *wq = F->rtq + len;
    const u64 *v = F->rt + len / 2, *vq = F->rtq + len / 2;
    size_t h = len / 2;
    for (size_t i = 0; i < N; i += 2 * len) {
        u64 *x = a + i;
        for (size_t j = 0; j < h; j += 8) {
            __m512i x0 = _mm512_loadu_si512((const void *)(x + j));
            __m512i x1 = _mm512_loadu_si512((const void *)(x + j + h));
            __m512i x2 = _mm512_loadu_si512((const void *)(x + j + len));
            __m512i x3 = _mm512_loadu_si512((const void *)(x + j + len + h));
            __m512i W0 = _mm512_loadu_si512((const void *)(w + j));
            __m512i Q0 = _mm512_loadu_si512((const void *)(wq + j));
            __m512i W1 = _mm512_loadu_si512((const void *)(w + j + h));
            __m512i Q1 = _mm512_loadu_si512((const void *)(wq + j + h));
            __m512i V = _mm512_loadu_si512((const void *)(v + j));
            __m512i VQ = _mm512_loadu_si512((const void *)(vq + j));
            __m512i y0, y1, y2, y3, z0, z1, z2, z3;
            dif_bf(&y0, &y2, x0, x2, W0, Q0, P, P2);
            dif_bf(&y1, &y3, x1, x3, W1, Q1, P, P2);
            dif_bf(&z0, &z1, y0, y1, V, VQ, P, P2);
            dif_bf(&z2, &z3, y2, y3, V, VQ, P, P2);
            _mm512_storeu_si512((void *)(x + j), z0);
            _mm512_storeu_si512((void *)(x + j + h), z1);
            _mm512_storeu_si512((void *)(x + j + len), z2);
            _mm512_storeu_si512((void *)(x + j + len + h), z3);
        }
    }
}

/* The inverse's two stages len and 2 len in one pass (len >= 8), over
 * blocks of 4 len: x0..x3 = a[j + k len] for j < len. Stage len pairs (x0,
 * x1) and (x2, x3), both by w^-j of order 2 len; stage 2 len pairs (y0, y2)
 * by the order-4len root to the power -j and (y1, y3) to -(j + len). */
PS_IFMA_TARGET
static void dit2_stage_ifma(const field_t *F, u64 *a, size_t N, size_t len)
{
    const __m512i P = _mm512_set1_epi64((long long)F->p);
    const __m512i P2 = _mm512_set1_epi64((long long)(2 * F->p));
    const u64 *v = F->irt + len, *vq = F->irtq + len;
    const u64 *w = F->irt + 2 * len, *wq = F->irtq + 2 * len;
    for (size_t i = 0; i < N; i += 4 * len) {
        u64 *x = a + i;
        for (size_t j = 0; j < len; j += 8) {
            __m512i x0 = _mm512_loadu_si512((const void *)(x + j));
            __m512i x1 = _mm512_loadu_si512((const void *)(x + j + len));
            __m512i x2 = _mm512_loadu_si512((const void *)(x + j + 2 * len));
            __m512i x3 = _mm512_loadu_si512((const void *)(x + j + 3 * len));
            __m512i V = _mm512_loadu_si512((const void *)(v + j));
            __m512i VQ = _mm512_loadu_si512((const void *)(vq + j));
            __m512i W0 = _mm512_loadu_si512((const void *)(w + j));
            __m512i Q0 = _mm512_loadu_si512((const void *)(wq + j));
            __m512i W1 = _mm512_loadu_si512((const void *)(w + j + len));
            __m512i Q1 = _mm512_loadu_si512((const void *)(wq + j + len));
            __m512i y0, y1, y2, y3, z0, z1, z2, z3;
            dit_bf(&y0, &y1, x0, x1, V, VQ, P, P2);
            dit_bf(&y2, &y3, x2, x3, V, VQ, P, P2);
            dit_bf(&z0, &z2, y0, y2, W0, Q0, P, P2);
            dit_bf(&z1, &z3, y1, y3, W1, Q1, P, P2);
            _mm512_storeu_si512((void *)(x + j), z0);
            _mm512_storeu_si512((void *)(x + j + len), z1);
            _mm512_storeu_si512((void *)(x + j + 2 * len), z2);
            _mm512_storeu_si512((void *)(x + j + 3 * len), z3);
        }
    }
}

/* a[i] = a[i] b[i] (Montgomery, inputs below 2p, outputs below 2p); with
 * b NULL, a[i] = a[i] s reduced below p (N a multiple of 8). */
PS_IFMA_TARGET
static void pmul_ifma(const field_t *F, u64 *a, const u64 *b, u64 s, size_t N)
{
    const __m512i P = _mm512_set1_epi64((long long)F->p);
    const __m512i NI = _mm512_set1_epi64((long long)F->ni);
    const __m512i S = _mm512_set1_epi64((long long)s);
    for (size_t i = 0; i < N; i += 8) {
        __m512i x = _mm512_loadu_si512((const void *)(a + i));
        __m512i y = b != NULL ? _mm512_loadu_si512((const void *)(b + i)) : S;
        __m512i z = mont_v(x, y, P, NI);
        if (b == NULL) {
            z = _mm512_min_epu64(z, _mm512_sub_epi64(z, P));
        }
        _mm512_storeu_si512((void *)(a + i), z);
    }
}
#else
static bool ps_have_ifma(void)
{
    return false;
}
#endif

/* Entries of a block the transforms finish in cache (64 KiB). */
#define PS_BLOCK 8192

#if defined(__x86_64__) && defined(__GNUC__)
#define PS_VEC(F, N) ((F)->ifma && (N) >= 8)
#else
#define PS_VEC(F, N) false
#endif

/* Forward transform of a[0..N) (N a power of two <= maxn), natural order
 * in, bit-reversed order out (Gentleman-Sande); entries below 2p in and
 * out. */
static void ntt(const field_t *F, u64 *a, size_t N)
{
    if (PS_VEC(F, N)) {
#if defined(__x86_64__) && defined(__GNUC__)
        /* the stages of long strides over the whole array, then each
         * block of PS_BLOCK entries through its remaining stages while it
         * is in cache (one pass over memory instead of log2 PS_BLOCK) */
        size_t B = N < PS_BLOCK ? N : PS_BLOCK;
        size_t len = N / 2;
        /* two stages a pass while both are of long stride */
        for (; len >= 2 * B && len >= 16; len >>= 2) {
            dif2_stage_ifma(F, a, N, len);
        }
        for (; len >= B && len >= 8; len >>= 1) {
            dif_stage_ifma(a, N, len, F->rt + len, F->rtq + len, F->p);
        }
        for (size_t i = 0; i < N; i += B) {
            size_t l2 = B / 2;
            for (; l2 >= 16; l2 >>= 2) {
                dif2_stage_ifma(F, a + i, B, l2);
            }
            for (; l2 >= 8; l2 >>= 1) {
                dif_stage_ifma(a + i, B, l2, F->rt + l2, F->rtq + l2, F->p);
            }
            dif_tail_ifma(F, a + i, B);
        }
#endif
        return;
    }
    for (size_t len = N / 2; len >= 1; len >>= 1) {
        dif_stage(a, N, len, F->rt + len, F->rtq + len, F->p);
    }
}

/* Inverse of ntt up to the factor N: bit-reversed in, natural out
 * (Cooley-Tukey); scale multiplies every output (pass 1/N, Montgomery),
 * which also brings it below p. */
static void intt(const field_t *F, u64 *a, size_t N, u64 scale)
{
    if (PS_VEC(F, N)) {
#if defined(__x86_64__) && defined(__GNUC__)
        size_t B = N < PS_BLOCK ? N : PS_BLOCK;
        for (size_t i = 0; i < N; i += B) {
            dit_head_ifma(F, a + i, B);
            size_t l2 = 8;
            for (; 4 * l2 <= B; l2 <<= 2) {
                dit2_stage_ifma(F, a + i, B, l2);
            }
            for (; l2 < B; l2 <<= 1) {
                dit_stage_ifma(a + i, B, l2, F->irt + l2, F->irtq + l2, F->p);
            }
        }
        size_t len = B;
        for (; 4 * len <= N; len <<= 2) {
            dit2_stage_ifma(F, a, N, len);
        }
        for (; len < N; len <<= 1) {
            dit_stage_ifma(a, N, len, F->irt + len, F->irtq + len, F->p);
        }
        pmul_ifma(F, a, NULL, scale, N);
#endif
        return;
    }
    for (size_t len = 1; len < N; len <<= 1) {
        dit_stage(a, N, len, F->irt + len, F->irtq + len, F->p);
    }
    for (size_t i = 0; i < N; i++) {
        a[i] = mmul(F, a[i], scale);
    }
}

/* 1 / N in Montgomery form */
static u64 inv_size(const field_t *F, size_t N)
{
    return mpow(F, to_mont(F, N % F->p), F->p - 2);
}

static void pmul(const field_t *F, u64 *a, const u64 *b, size_t N)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (PS_VEC(F, N)) {
        pmul_ifma(F, a, b, 0, N);
        return;
    }
#endif
    for (size_t i = 0; i < N; i++) {
        a[i] = mmul(F, a[i], b[i]);
    }
}

/* ---- the exponential ----------------------------------------------------- */

/* exp_mont's scratch for transforms of size N: g and four arrays */
#define PS_EXP_SCRATCH(N) ((N) / 2 + 4 * (N))

/* Copy la entries of src into dst[0..L) and zero the rest. */
static void load_pad(u64 *dst, const u64 *src, size_t la, size_t L)
{
    memcpy(dst, src, la * sizeof *dst);
    memset(dst + la, 0, (L - la) * sizeof *dst);
}

/* f = exp(h) mod x^n, h given by its derivative: hd[t] = coefficient of
 * x^t in h' for t < n - 1 (Montgomery form), h(0) = 0. inv[k] = 1 / k for
 * 1 <= k < n. Scratch: PS_EXP_SCRATCH(N) words (N the transform size >=
 * n).
 *
 * One step takes f from precision m to top = min(2m, n), l = top - m new
 * coefficients, with g = 1 / f known mod x^(m/2) on entry (mod x^1 at m =
 * 1). Write M(L) for a transform of size L (forward or inverse).
 *
 * g to precision m, only when l > m / 2 (the step needs g mod x^l): e =
 * f g mod x^m is 1 + x^h E (h = m / 2), g <- g - x^h (E g mod x^h). A
 * cyclic product of size m wraps f g (degree < m + h) only onto [0, h),
 * which is not read, and E g mod x^h likewise. The transform of f mod x^m
 * at size m is the first half (bit-reversed order) of its transform at
 * size 2m, which the step below takes anyway (the first stage of the
 * decimation in frequency adds the zero upper half); the transform of g
 * mod x^h at size m is the one the previous step took of g for (ii). So
 * this costs three M(m) instead of five.
 *
 * The step proper, with L1 = 2^ceil(log2 max(top - 1, m)) and L2 =
 * 2^ceil(log2 2l):
 * (i)   s = f h' on [m - 1, top - 1): a middle product; f has m terms,
 *       h' is cut at top - 1 terms, so the cyclic product of size L1
 *       wraps only onto [0, m - 1), below what is read. Since f is exp(h)
 *       mod x^m, s agrees with f' below x^{m-1}, so s = f' + x^{m-1} S.
 *       Three M(L1).
 * (ii)  (h - log f)' = (f h' - f') / f = x^{m-1} (S g mod x^l): S and g
 *       cut to l terms, the product's low l terms exact at size L2 >= 2l.
 *       Three M(L2); the transform of g is kept for the next step's
 *       inverse.
 * (iii) delta = x^m D, D[k] = (S g)[k] / (m + k); exp(h) = f exp(delta) =
 *       f (1 + delta) mod x^top, so f[m + k] = (f D mod x^l)[k]. Two M(L2)
 *       and the transform of f cut to l terms, which is (i)'s when L2 =
 *       L1.
 * A doubling (l = m) costs 8 M(2m) + 3 M(m), about 19 transforms of size
 * N in all (21 before the reuse). The last step, when l <= m / 2 (n just
 * above a power of two), skips the inverse and runs (ii) and (iii) at
 * size L2 <= m: 3 M(2m) + 6 M(L2) instead of 8 M(2m) + 3 M(m). */
static void exp_mont(const field_t *F, u64 *f, const u64 *hd, size_t n,
                     const u64 *inv, u64 *scratch)
{
    u64 p = F->p;
    size_t N = pow2_at_least(n);
    u64 *g = scratch;   /* [N / 2] */
    u64 *A = g + N / 2; /* [N] f transformed at L1 */
    u64 *B = A + N;     /* [N] */
    u64 *C = B + N;     /* [N] */
    u64 *G = C + N;     /* [N] g transformed at L2 */
    memset(f, 0, n * sizeof *f);
    f[0] = F->r1;
    g[0] = F->r1;
    for (size_t m = 1; m < n; m *= 2) {
        size_t top = 2 * m < n ? 2 * m : n, l = top - m;
        size_t L1 = pow2_at_least(top - 1 > m ? top - 1 : m);
        size_t L2 = pow2_at_least(2 * l);
        load_pad(A, f, m, L1);
        ntt(F, A, L1);
        if (m >= 2 && 2 * l > m) {
            /* g from precision h to m (L1 = 2m here, G holds g mod x^h
             * at size m from the previous step) */
            size_t h = m / 2;
            u64 sc = inv_size(F, m);
            memcpy(C, A, m * sizeof *C);
            pmul(F, C, G, m);
            intt(F, C, m, sc); /* f g; [h, m) free of wrap-around */
            load_pad(B, C + h, h, m);
            ntt(F, B, m);
            pmul(F, B, G, m);
            intt(F, B, m, sc);
            for (size_t i = 0; i < h; i++) {
                g[h + i] = msub(0, B[i], p);
            }
        }
        /* (i) s = f h' on [m - 1, top - 1) */
        load_pad(B, hd, top - 1, L1);
        ntt(F, B, L1);
        pmul(F, B, A, L1);
        intt(F, B, L1, inv_size(F, L1));
        /* (ii) S g mod x^l */
        u64 sc2 = inv_size(F, L2);
        load_pad(C, B + m - 1, l, L2);
        ntt(F, C, L2);
        load_pad(G, g, l, L2);
        ntt(F, G, L2);
        pmul(F, C, G, L2);
        intt(F, C, L2, sc2);
        /* (iii) D[k] = delta_{m+k} = C[k] / (m + k); f D mod x^l */
        for (size_t k = 0; k < l; k++) {
            C[k] = mmul(F, C[k], inv[m + k]);
        }
        memset(C + l, 0, (L2 - l) * sizeof *C);
        ntt(F, C, L2);
        if (L2 == L1) {
            pmul(F, C, A, L2);
        } else {
            load_pad(B, f, l, L2);
            ntt(F, B, L2);
            pmul(F, C, B, L2);
        }
        intt(F, C, L2, sc2);
        memcpy(f + m, C, l * sizeof *f);
    }
}

/* inv[k] = 1 / k (Montgomery) for 1 <= k < n, by prefix products and
 * one inversion per chain (n < p). The range is cut into PS_INV_CHAINS
 * pieces whose products run interleaved: each step of a chain waits on
 * its multiplier's latency, so four chains take about the time of one. */
#define PS_INV_CHAINS 4
static void inverses(const field_t *F, u64 *inv, size_t n)
{
    if (n < 2) {
        return;
    }
    u64 p = F->p;
    inv[0] = 0;
    size_t len = (n - 1 + PS_INV_CHAINS - 1) / PS_INV_CHAINS;
    size_t lo[PS_INV_CHAINS], hi[PS_INV_CHAINS];
    u64 acc[PS_INV_CHAINS], km[PS_INV_CHAINS];
    for (int c = 0; c < PS_INV_CHAINS; c++) {
        size_t a = 1 + (size_t)c * len;
        lo[c] = a < n ? a : n;
        hi[c] = a + len < n ? a + len : n; /* chain c: [lo, hi) */
        acc[c] = F->r1;
        km[c] = to_mont(F, lo[c] % p); /* k R mod p at k = lo */
    }
    for (size_t i = 0; i < len; i++) {
        for (int c = 0; c < PS_INV_CHAINS; c++) {
            size_t k = lo[c] + i;
            if (k < hi[c]) {
                inv[k] = acc[c]; /* product of lo..k-1 */
                acc[c] = mmul(F, acc[c], km[c]);
                km[c] = madd(km[c], F->r1, p);
            }
        }
    }
    u64 ia[PS_INV_CHAINS];
    for (int c = 0; c < PS_INV_CHAINS; c++) {
        ia[c] = mpow(F, acc[c], p - 2); /* 1 / (lo ... hi-1) */
        km[c] = msub(km[c], F->r1, p);  /* hi - 1 */
    }
    for (size_t i = len; i-- > 0;) {
        for (int c = 0; c < PS_INV_CHAINS; c++) {
            size_t k = lo[c] + i;
            if (k < hi[c]) {
                inv[k] = mmul(F, inv[k], ia[c]); /* (lo..k-1) / (lo..k) */
                ia[c] = mmul(F, ia[c], km[c]);
                km[c] = msub(km[c], F->r1, p);
            }
        }
    }
}

/* ---- the public series operations (for tests and callers) -------------- */

static u64 *ps_alloc(size_t n)
{
    return veto_i_mallocarray(n == 0 ? 1 : n, sizeof(u64));
}

bool veto_i_ps_mul(const veto_i_ps_field_t *F, uint64_t *out, const uint64_t *a,
                   size_t la, const uint64_t *b, size_t lb, size_t n)
{
    if (n == 0) {
        return true;
    }
    la = la < n ? la : n;
    lb = lb < n ? lb : n;
    size_t N = pow2_at_least(la + lb);
    if (N > F->maxn) {
        return false;
    }
    u64 *A = ps_alloc(N), *B = ps_alloc(N);
    if (A == NULL || B == NULL) {
        veto_i_free(A);
        veto_i_free(B);
        return false;
    }
    memset(A, 0, N * sizeof *A);
    memset(B, 0, N * sizeof *B);
    for (size_t i = 0; i < la; i++) {
        A[i] = to_mont(F, a[i]);
    }
    for (size_t i = 0; i < lb; i++) {
        B[i] = to_mont(F, b[i]);
    }
    ntt(F, A, N);
    ntt(F, B, N);
    pmul(F, A, B, N);
    intt(F, A, N, inv_size(F, N));
    for (size_t i = 0; i < n; i++) {
        out[i] = i < N ? from_mont(F, A[i]) : 0;
    }
    veto_i_free(A);
    veto_i_free(B);
    return true;
}

bool veto_i_ps_inv(const veto_i_ps_field_t *F, uint64_t *out, const uint64_t *a,
                   size_t n)
{
    if (n == 0) {
        return true;
    }
    if (a[0] % F->p == 0) {
        return false;
    }
    size_t N = pow2_at_least(n);
    if (2 * N > F->maxn) {
        return false;
    }
    u64 *g = ps_alloc(N), *A = ps_alloc(2 * N), *B = ps_alloc(2 * N);
    bool ok = g != NULL && A != NULL && B != NULL;
    if (ok) {
        g[0] = mpow(F, to_mont(F, a[0]), F->p - 2);
        /* g from precision h to 2h: g - g (a g - 1) */
        for (size_t h = 1; h < n; h *= 2) {
            size_t m = 2 * h, M = 2 * m;
            u64 sc = inv_size(F, M);
            memset(A, 0, M * sizeof *A);
            for (size_t i = 0; i < m && i < n; i++) {
                A[i] = to_mont(F, a[i]);
            }
            memset(B, 0, M * sizeof *B);
            memcpy(B, g, h * sizeof *B);
            ntt(F, A, M);
            ntt(F, B, M);
            pmul(F, A, B, M);
            pmul(F, A, B, M); /* a g^2 */
            intt(F, A, M, sc);
            for (size_t i = h; i < m; i++) {
                g[i] = msub(0, A[i], F->p); /* 2 g - a g^2 above h */
            }
        }
    }
    if (ok) {
        for (size_t i = 0; i < n; i++) {
            out[i] = from_mont(F, g[i]);
        }
    }
    veto_i_free(g);
    veto_i_free(A);
    veto_i_free(B);
    return ok;
}

bool veto_i_ps_log(const veto_i_ps_field_t *F, uint64_t *out, const uint64_t *a,
                   size_t n)
{
    if (n == 0) {
        return true;
    }
    if (a[0] % F->p != 1 || n >= F->p) {
        return false;
    }
    u64 *ia = ps_alloc(n), *da = ps_alloc(n), *q = ps_alloc(n);
    bool ok =
        ia != NULL && da != NULL && q != NULL && veto_i_ps_inv(F, ia, a, n);
    if (ok) {
        for (size_t i = 0; i + 1 < n; i++) {
            da[i] = (u64)((u128)(a[i + 1] % F->p) * (i + 1) % F->p);
        }
        ok = n < 2 || veto_i_ps_mul(F, q, da, n - 1, ia, n - 1, n - 1);
    }
    if (ok) {
        out[0] = 0;
        for (size_t i = 1; i < n; i++) {
            u64 inv = powmod(i, F->p - 2, F->p);
            out[i] = (u64)((u128)q[i - 1] * inv % F->p);
        }
    }
    veto_i_free(ia);
    veto_i_free(da);
    veto_i_free(q);
    return ok;
}

bool veto_i_ps_exp(const veto_i_ps_field_t *F, uint64_t *out, const uint64_t *a,
                   size_t n)
{
    if (n == 0) {
        return true;
    }
    if (a[0] % F->p != 0 || n >= F->p || pow2_at_least(n) > F->maxn) {
        return false;
    }
    size_t N = pow2_at_least(n);
    u64 *hd = ps_alloc(n), *inv = ps_alloc(n), *f = ps_alloc(n);
    u64 *scr = ps_alloc(PS_EXP_SCRATCH(N));
    bool ok = hd != NULL && inv != NULL && f != NULL && scr != NULL;
    if (ok) {
        for (size_t i = 0; i + 1 < n; i++) {
            hd[i] = to_mont(F, (u64)((u128)(a[i + 1] % F->p) * (i + 1) % F->p));
        }
        inverses(F, inv, n);
        exp_mont(F, f, hd, n, inv, scr);
        for (size_t i = 0; i < n; i++) {
            out[i] = from_mont(F, f[i]);
        }
    }
    veto_i_free(hd);
    veto_i_free(inv);
    veto_i_free(f);
    veto_i_free(scr);
    return ok;
}

/* ---- primes and the CRT ----------------------------------------------------
 */

#define PS_PRIME_BITS 49 /* every prime exceeds 2^49 */

void veto_i_ps_crt_clear(veto_i_ps_crt_t *c)
{
    veto_i_free(c->p);
    veto_i_free(c->inv);
    memset(c, 0, sizeof *c);
}

/* The primes in the order every caller takes them: p = k 2^32 + 1 with k
 * from 2^18 - 1 down (*k the next candidate). Above 2^49 for the first
 * 2^17 values of k, of which about one in 17 gives a prime: 7,000 or so,
 * so more than PS_MAX_PRIMES are refused. */
#define PS_MAX_PRIMES 6000
#define PS_FIRST_K (((u64)1 << 18) - 1)

static u64 next_prime(u64 *k)
{
    while (!is_prime_u64((*k << 32) + 1)) {
        (*k)--;
    }
    u64 p = (*k << 32) + 1;
    (*k)--;
    return p;
}

/* The first r primes and the CRT's inverses; bits for the message. */
static veto_status crt_fill(veto_i_ps_crt_t *c, size_t r, uint64_t bits,
                            veto_error_t *err)
{
    veto_status rc = VETO_OK;
    memset(c, 0, sizeof *c);
    if (r > PS_MAX_PRIMES) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "power series: counts of %llu bits need more "
                             "primes than it has",
                             (unsigned long long)bits);
    }
    c->r = r;
    VETO_ALLOC(c->p, veto_i_mallocarray(r, sizeof *c->p));
    VETO_ALLOC(c->inv, veto_i_mallocarray(r * r, sizeof *c->inv));
    u64 k = PS_FIRST_K;
    for (size_t j = 0; j < r; j++) {
        c->p[j] = next_prime(&k);
    }
    for (size_t j = 0; j < r; j++) {
        for (size_t i = 0; i < j; i++) {
            c->inv[j * r + i] = powmod(c->p[i] % c->p[j], c->p[j] - 2, c->p[j]);
        }
    }
cleanup:
    if (rc != VETO_OK) {
        veto_i_ps_crt_clear(c);
    }
    return rc;
}

veto_status veto_i_ps_crt_init(veto_i_ps_crt_t *c, uint64_t bits,
                               veto_error_t *err)
{
    u64 r = bits / PS_PRIME_BITS + 1;
    return crt_fill(c, r > PS_MAX_PRIMES ? PS_MAX_PRIMES + 1 : (size_t)r, bits,
                    err);
}

veto_status veto_i_ps_crt_init_above(veto_i_ps_crt_t *c, const mpz_t bound,
                                     veto_error_t *err)
{
    /* the product of the primes so far against the bound: r^2 small
     * multiplications, against the r exponentials of the run */
    mpz_t prod;
    mpz_init_set_ui(prod, 1);
    size_t r = 0;
    u64 k = PS_FIRST_K;
    while ((r == 0 || mpz_cmp(prod, bound) <= 0) && r <= PS_MAX_PRIMES) {
        mpz_mul_ui(prod, prod, next_prime(&k));
        r++;
    }
    mpz_clear(prod);
    return crt_fill(c, r, (uint64_t)mpz_sizeinbase(bound, 2), err);
}

void veto_i_ps_crt_value(mpz_t out, const veto_i_ps_crt_t *c,
                         const uint64_t *res, size_t stride, uint64_t *digit)
{
    size_t r = c->r;
    size_t nz = 0;
    while (nz < r && res[nz * stride] == 0) {
        nz++;
    }
    if (nz == r) {
        mpz_set_ui(out, 0);
        return;
    }
    for (size_t j = 0; j < r; j++) {
        u64 pj = c->p[j];
        u64 x = res[j * stride] % pj;
        for (size_t i = 0; i < j; i++) {
            x = (u64)((u128)msub(x, digit[i] % pj, pj) * c->inv[j * r + i] %
                      pj);
        }
        digit[j] = x;
    }
    /* mpz_*_ui take unsigned long: 64 bits on the platforms we build for */
    _Static_assert(sizeof(unsigned long) == 8, "64-bit unsigned long");
    mpz_set_ui(out, digit[r - 1]);
    for (size_t j = r - 1; j-- > 0;) {
        mpz_mul_ui(out, out, c->p[j]);
        mpz_add_ui(out, out, digit[j]);
    }
}

/* ---- counts modulo one prime ------------------------------------------------
 */

/* One prime's buffers for an exponential of length n = q. */
typedef struct pswork {
    field_t *F;
    size_t n, N;
    u64 *hd;     /* [n] h' */
    u64 *inv;    /* [n] */
    u64 *f;      /* [n + 1]: F, then its prefix sums Fc(0..q) */
    u64 *scr;    /* [PS_EXP_SCRATCH(N)] */
    int64_t *hz; /* [n] h' at y = 1 in integers (NULL until needed) */
} pswork_t;

static void pswork_clear(pswork_t *wk)
{
    veto_i_ps_field_free(wk->F);
    veto_i_free(wk->hd);
    veto_i_free(wk->inv);
    veto_i_free(wk->f);
    veto_i_free(wk->scr);
    veto_i_free(wk->hz);
    memset(wk, 0, sizeof *wk);
}

/* Buffers for the game g (transforms of at least extra points too). */
static bool pswork_init(pswork_t *wk, const veto_i_ps_game_t *g, size_t extra)
{
    memset(wk, 0, sizeof *wk);
    size_t n = (size_t)g->q;
    wk->n = n;
    wk->N = pow2_at_least(n);
    wk->F = field_alloc(n > extra ? n : extra);
    wk->hd = ps_alloc(n);
    wk->inv = ps_alloc(n);
    wk->f = ps_alloc(n + 1);
    wk->scr = ps_alloc(PS_EXP_SCRATCH(wk->N));
    if (wk->F == NULL || wk->hd == NULL || wk->inv == NULL || wk->f == NULL ||
        wk->scr == NULL) {
        pswork_clear(wk);
        return false;
    }
    return true;
}

/* Switch the buffers to the prime p. */
static bool pswork_prime(pswork_t *wk, u64 p)
{
    if (!field_set(wk->F, p)) {
        return false;
    }
    inverses(wk->F, wk->inv, wk->n);
    return true;
}

/* h' of log prod (1 + y x^{w_i}) below x^{n-1}: the coefficient of x^{t-1}
 * is sum_{w k = t} c_w w (-1)^{k+1} y^k, with y = omega^j and y^k =
 * pw[k j mod Y] (pw the Y powers of omega, Y a power of two; j = 0 is
 * y = 1). row: Y words of scratch, or NULL. O(sum_c min(n / w[c], Y) +
 * sum_c n / w[c]) with one multiplication per term of the first sum. */
static void build_hd(pswork_t *wk, const veto_i_ps_game_t *g, const u64 *pw,
                     size_t Y, size_t j, u64 *row)
{
    const field_t *F = wk->F;
    u64 p = F->p;
    size_t n = wk->n;
    if (j == 0 && wk->hz == NULL) {
        /* y = 1 (Banzhaf): the same integers for every prime, |h'_t| <=
         * sum_c c_w w, the total weight (below 2^63: m < 2^32 weights of
         * at most q <= 2^31), so the scattered harmonic sums run once per
         * game and each prime only reduces them in one sequential pass */
        wk->hz = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *wk->hz);
        if (wk->hz != NULL) {
            memset(wk->hz, 0, (n == 0 ? 1 : n) * sizeof *wk->hz);
            for (size_t c = 0; c < g->d; c++) {
                int64_t cw = (int64_t)(g->mult[c] * g->w[c]);
                for (u64 k = 1, t = g->w[c]; t < n; k++, t += g->w[c]) {
                    wk->hz[t - 1] += (k & 1) ? cw : -cw;
                }
            }
        }
    }
    if (j == 0 && wk->hz != NULL) {
        for (size_t t = 0; t + 1 < n; t++) {
            int64_t v = wk->hz[t];
            u64 a = v >= 0 ? (u64)v : (u64)0 - (u64)v;
            a = a < p ? a : a % p;
            a = v >= 0 || a == 0 ? a : p - a;
            wk->hd[t] = mmul(F, a, F->r2);
        }
        wk->hd[n == 0 ? 0 : n - 1] = 0;
        return;
    }
    memset(wk->hd, 0, (n == 0 ? 1 : n) * sizeof *wk->hd);
    for (size_t c = 0; c < g->d; c++) {
        u64 w = g->w[c];
        u64 cw = to_mont(F, (u64)((u128)(g->mult[c] % p) * (w % p) % p));
        size_t e = 0;
        if (j != 0 && row != NULL && (n - 1) / w > Y) {
            /* more terms than powers of y (the light weights, most of
             * the terms): c_w w y^k from a row of Y products, taken once */
            for (size_t i = 0; i < Y; i++) {
                row[i] = mmul(F, cw, pw[i]);
            }
            for (u64 k = 1, t = w; t < n; k++, t += w) {
                e = (e + j) & (Y - 1);
                u64 v = row[e];
                wk->hd[t - 1] = (k & 1) ? madd(wk->hd[t - 1], v, p)
                                        : msub(wk->hd[t - 1], v, p);
            }
            continue;
        }
        for (u64 k = 1, t = w; t < n; k++, t += w) {
            e = (e + j) & (Y - 1);
            u64 v = j == 0 ? cw : mmul(F, cw, pw[e]);
            wk->hd[t - 1] =
                (k & 1) ? madd(wk->hd[t - 1], v, p) : msub(wk->hd[t - 1], v, p);
        }
    }
}

/* Entries of Fc a block of banzhaf_work's extraction (256 KiB) */
#define PS_EXTRACT 32768

/* F by the exponential, then f[t] = Fc(t) = sum_{s<t} F(s), t = 0..q. */
static void coalitions_below(pswork_t *wk)
{
    const field_t *F = wk->F;
    size_t n = wk->n;
    exp_mont(F, wk->f, wk->hd, n, wk->inv, wk->scr);
    u64 run = 0;
    for (size_t t = 0; t <= n; t++) {
        u64 v = t < n ? wk->f[t] : 0;
        wk->f[t] = run;
        run = madd(run, v, F->p);
    }
}

static void banzhaf_work(pswork_t *wk, uint64_t *res, size_t stride,
                         const veto_i_ps_game_t *g)
{
    const field_t *F = wk->F;
    u64 p = F->p;
    size_t q = wk->n;
    u64 one = F->r1;
    build_hd(wk, g, &one, 1, 0, NULL);
    coalitions_below(wk);
    const u64 *Fc = wk->f;
    res[0] = from_mont(F, Fc[q]);
    /* alt_c = sum_{l=1}^{K} (-1)^(l-1) Fc(q - l w), K = floor((q - 1) / w)
     * (the terms with q - l w >= 1). Taken class by class the reads jump
     * by w words across all of Fc, a cache miss each for the heavy
     * weights; so Fc is walked down in blocks of PS_EXTRACT words (in the
     * second-level cache) and every class takes its terms in the block,
     * each class's next position and its two partial sums (odd and even
     * l, residues) kept in the exponential's scratch, free now (3 d <= 3
     * q words). In a block, the terms add up in 128 bits, reduced once. */
    size_t d = g->d;
    u64 *bt = wk->scr, *ap = bt + d, *an = ap + d;
    for (size_t c = 0; c < d; c++) {
        bt[c] = q - g->w[c]; /* 0 (none) when w = q */
        ap[c] = an[c] = 0;
    }
    for (u64 hi = q; hi > 0;) {
        u64 lo = hi > PS_EXTRACT ? hi - PS_EXTRACT : 0; /* (lo, hi] */
        for (size_t c = 0; c < d; c++) {
            u64 w = g->w[c], t = bt[c];
            if (t <= lo) {
                continue;
            }
            /* mask all ones for odd l = (q - t) / w, the plus sign */
            u64 mask = (((q - t) / w) & 1) ? ~(u64)0 : 0;
            u128 sp = 0, sn = 0;
            while (t > lo) {
                u64 v = Fc[t];
                sp += v & mask;
                sn += v & ~mask;
                mask = ~mask;
                t = t > w ? t - w : 0;
            }
            bt[c] = t;
            ap[c] = madd(ap[c], (u64)(sp % p), p);
            an[c] = madd(an[c], (u64)(sn % p), p);
        }
        hi = lo;
    }
    for (size_t c = 0; c < d; c++) {
        u64 alt = msub(ap[c], an[c], p);
        res[(1 + c) * stride] = from_mont(F, msub(Fc[q], madd(alt, alt, p), p));
    }
}

bool veto_i_ps_banzhaf_prime(uint64_t *res, size_t stride,
                             const veto_i_ps_game_t *g, uint64_t p)
{
    pswork_t wk;
    if (!pswork_init(&wk, g, 2)) {
        return false;
    }
    bool ok = pswork_prime(&wk, p);
    if (ok) {
        banzhaf_work(&wk, res, stride, g);
    }
    pswork_clear(&wk);
    return ok;
}

void veto_i_ps_ssi_window(size_t *lo, size_t *hi, const veto_i_ps_game_t *g)
{
    /* hi: the most players weighing less than q together (the lightest);
     * lo: the fewest reaching q - w_max (the heaviest). A swing coalition
     * S of a player of weight w has q - w <= w(S) < q, and the lightest
     * (heaviest) |S| players weigh at most (at least) w(S). Weights are
     * descending (veto_i_ps_game_t). */
    size_t k = 0;
    u64 s = 0;
    for (size_t c = g->d; c-- > 0 && s < g->q;) {
        u64 w = g->w[c];
        for (size_t x = 0; x < g->mult[c] && s < g->q; x++) {
            s += w; /* <= 2 q */
            k += s < g->q;
        }
    }
    *hi = k;
    u64 need = g->d > 0 ? g->q - g->w[0] : 0;
    k = 0;
    s = 0;
    for (size_t c = 0; c < g->d && s < need; c++) {
        for (size_t x = 0; x < g->mult[c] && s < need; x++) {
            s += g->w[c];
            k++;
        }
    }
    *lo = k;
    if (g->m > 0 && *hi > g->m - 1) {
        *hi = g->m - 1;
    }
    if (*lo > *hi) {
        *lo = *hi;
    }
}

static size_t bitrev(size_t j, size_t Y)
{
    size_t r = 0;
    for (size_t b = 1; b < Y; b <<= 1) {
        r = (r << 1) | (j & 1);
        j >>= 1;
    }
    return r;
}

/* The size a swing coalition of the window takes most often at worst:
 * k* = floor((m - 1) / 2) clamped to [lo, hi].
 *
 * Why B = C(m - 1, k*) bounds every count the CRT gives back. The swings
 * of a player through coalitions of k members are a set of k-subsets of
 * the other m - 1 players, so s_k <= C(m - 1, k); C(m - 1, k) grows with
 * k up to floor((m - 1) / 2) and falls after it, so on [lo, hi] it is
 * largest at k*; and s_k = 0 outside [lo, hi] (veto_i_ps_ssi_window). So
 * 0 <= s_k <= B, and primes whose product exceeds B give every s_k back
 * (veto_i_ps_crt_init_above). B has about m - 1 - log2(m) / 2 bits
 * against the m + 1 bits of the Banzhaf route's bound: at m = 1,000, 20
 * primes of 49.99 bits instead of 21. */
static size_t ssi_kstar(const veto_i_ps_game_t *g, size_t lo, size_t hi)
{
    size_t k = (g->m - 1) / 2;
    return k < lo ? lo : k > hi ? hi : k;
}

/* The number of primes veto_i_ps_ssi takes, estimated in floating point
 * for the cost model (log2 B by lgamma, 49.9 bits a prime: the first 2,000
 * primes all exceed 2^49.8). */
static double ssi_primes(const veto_i_ps_game_t *g)
{
    size_t lo, hi;
    veto_i_ps_ssi_window(&lo, &hi, g);
    double k = (double)ssi_kstar(g, lo, hi), m1 = (double)g->m - 1;
    double bits =
        (lgamma(m1 + 1) - lgamma(k + 1) - lgamma(m1 - k + 1)) / log(2.0);
    return floor(bits / 49.9) + 1;
}

static size_t ssi_points(const veto_i_ps_game_t *g)
{
    size_t lo, hi;
    veto_i_ps_ssi_window(&lo, &hi, g);
    return pow2_at_least(hi - lo + 1);
}

/* Chunk of interpolation terms summed in 128 bits before a reduction:
 * each product of two residues is below p^2 < 2^100, so 2^27 of them stay
 * below 2^127. */
#define PS_INTERP_CHUNK ((size_t)1 << 27)
/* Multiply-adds of the interpolation per unit of veto_i_ps_work (a
 * butterfly of the transforms): by perf on random-300 (one thread), a
 * multiply-add took about 0.5 ns and a unit of the whole run 0.5 ns. At
 * 1,000 players the interpolation is under one percent of the run. */
#define PS_INTERP_UNIT 1.0

/* The inverse of the Vandermonde matrix of the points y_j = pw[j], j <
 * span (distinct and nonzero modulo p), in plain form: vinv[k * span + j]
 * = the coefficient of x^k in the Lagrange polynomial L_j(x) = prod_{i !=
 * j} (x - y_i) / (y_j - y_i). With P = prod_i (x - y_i), L_j = (P / (x -
 * y_j)) / P'(y_j): one synthetic division and one Horner evaluation per
 * point, O(span^2) multiplications and span inversions in all. P: span +
 * 1 words of scratch, quo: span. */
static void vandermonde_inverse(const field_t *F, u64 *vinv, const u64 *pw,
                                size_t span, u64 *P, u64 *quo)
{
    u64 p = F->p;
    /* P = prod_{i < span} (x - y_i), coefficients from x^0 up */
    P[0] = F->r1;
    for (size_t i = 0; i < span; i++) {
        u64 y = pw[i];
        P[i + 1] = P[i];
        for (size_t k = i; k > 0; k--) {
            P[k] = msub(P[k - 1], mmul(F, y, P[k]), p);
        }
        P[0] = msub(0, mmul(F, y, P[0]), p);
    }
    for (size_t j = 0; j < span; j++) {
        u64 y = pw[j];
        /* quo = P / (x - y): quo[k - 1] = P[k] + y quo[k] from the top */
        quo[span - 1] = P[span];
        for (size_t k = span - 1; k > 0; k--) {
            quo[k - 1] = madd(P[k], mmul(F, y, quo[k]), p);
        }
        u64 den = 0; /* quo(y) = prod_{i != j} (y_j - y_i), nonzero */
        for (size_t k = span; k-- > 0;) {
            den = madd(mmul(F, den, y), quo[k], p);
        }
        u64 id = mpow(F, den, p - 2);
        for (size_t k = 0; k < span; k++) {
            vinv[k * span + j] = from_mont(F, mmul(F, quo[k], id));
        }
    }
}

/* Residues of the swings by size from the values of T_c(y) = S_c(y)
 * y^{-lo} at the points: vals[c * np + j] = T_c(omega^j) (Montgomery
 * form) for j < np, omega of order Y.
 *
 * Why span points are enough. T_c(y) = sum_{k < span} s_{lo + k} y^k
 * (no swing has fewer than lo or more than hi members) is a polynomial
 * of degree below span, and the points omega^j, j < span <= Y, are
 * distinct and nonzero modulo p since omega has order exactly Y. A
 * polynomial of degree below span over the field Z/p is fixed by its
 * values at span distinct points, its coefficients being V^{-1} times the
 * values (V the Vandermonde matrix of the points, invertible: its
 * determinant is prod_{i < j} (y_j - y_i) != 0). The matrix is the same
 * for every weight class, so it is built once per prime (O(span^2)) and
 * applied to each class (O(span^2) a class, against an exponential of
 * length q for each of the Y - span points saved).
 *
 * all: np = Y points, the inverse transform of length Y (the values in
 * bit-reversed order), kept for the tests to check the interpolation
 * against. */
static void ssi_coefficients(const field_t *F, uint64_t *res, size_t stride,
                             u64 *vals, const u64 *pw, size_t d, size_t span,
                             size_t Y, bool all, u64 *vinv, u64 *P)
{
    u64 p = F->p;
    if (all) {
        u64 sc = inv_size(F, Y);
        for (size_t c = 0; c < d; c++) {
            u64 *v = vals + c * Y;
            intt(F, v, Y, sc);
            for (size_t k = 0; k < span; k++) {
                res[(c * span + k) * stride] = from_mont(F, v[k]);
            }
        }
        return;
    }
    vandermonde_inverse(F, vinv, pw, span, P, P + span + 1);
    /* vinv plain, vals Montgomery: the sums are s R, so one
     * reduction (from_mont) per count gives s */
    for (size_t c = 0; c < d; c++) {
        const u64 *v = vals + c * span;
        for (size_t k = 0; k < span; k++) {
            const u64 *row = vinv + k * span;
            u64 t = 0;
            for (size_t j0 = 0; j0 < span; j0 += PS_INTERP_CHUNK) {
                size_t j1 =
                    span - j0 > PS_INTERP_CHUNK ? j0 + PS_INTERP_CHUNK : span;
                u128 acc = t;
                for (size_t j = j0; j < j1; j++) {
                    acc += (u128)row[j] * v[j];
                }
                t = (u64)(acc % p);
            }
            res[(c * span + k) * stride] = from_mont(F, t);
        }
    }
}

/* One weight class's place in ssi_extract's walk down Fc. */
typedef struct ssi_ext {
    u64 t;      /* the next term's position, q - l w (0: done) */
    u64 e;      /* its power of omega: j (l - 1) mod Y */
    u64 ap, an; /* the terms of odd and even l so far (R^2-scaled) */
    bool even;  /* the next term has even l (a minus sign) */
} ssi_ext_t;

/* acc[c] = sum_{l=1}^{K} (-y)^(l-1) Fc(q - l w_c) in Montgomery form,
 * K = floor((q - 1) / w_c), y = omega^j. (-y)^(l-1) is (-1)^(l-1)
 * pw[j (l - 1) mod Y]: a table lookup, so a term is one product of two
 * Montgomery forms, summed in 128 bits by sign (R^2-scaled) and reduced
 * once a block. Fc is walked down in blocks of PS_EXTRACT entries with
 * every class taking its terms in the block, as in banzhaf_work (the
 * heavy weights' strided reads miss the cache otherwise). In a block a
 * class takes at most PS_EXTRACT terms, each below p^2 < 2^100: the sums
 * stay below 2^116. */
static void ssi_extract(const field_t *F, u64 *acc, const u64 *Fc, size_t q,
                        const veto_i_ps_game_t *g, const u64 *pw, size_t Y,
                        size_t j, ssi_ext_t *st)
{
    u64 p = F->p;
    size_t d = g->d, ym = Y - 1;
    for (size_t c = 0; c < d; c++) {
        st[c] = (ssi_ext_t){q - g->w[c], 0, 0, 0, false};
    }
    for (u64 hi = q; hi > 0;) {
        u64 lo = hi > PS_EXTRACT ? hi - PS_EXTRACT : 0; /* (lo, hi] */
        for (size_t c = 0; c < d; c++) {
            u64 w = g->w[c], t = st[c].t;
            if (t <= lo) {
                continue;
            }
            size_t e = st[c].e;
            u128 sp = 0, sn = 0;
            if (st[c].even) {
                sn += (u128)pw[e] * Fc[t];
                t = t > w ? t - w : 0;
                e = (e + j) & ym;
            }
            bool even = false;
            while (t > lo) {
                sp += (u128)pw[e] * Fc[t];
                t = t > w ? t - w : 0;
                e = (e + j) & ym;
                if (t <= lo) {
                    even = true;
                    break;
                }
                sn += (u128)pw[e] * Fc[t];
                t = t > w ? t - w : 0;
                e = (e + j) & ym;
            }
            st[c].t = t;
            st[c].e = e;
            st[c].even = even;
            st[c].ap = madd(st[c].ap, (u64)(sp % p), p);
            st[c].an = madd(st[c].an, (u64)(sn % p), p);
        }
        hi = lo;
    }
    for (size_t c = 0; c < d; c++) {
        acc[c] = redc(F, msub(st[c].ap, st[c].an, p));
    }
}

/* The swings by size modulo one prime: T_c(y) at span points (all: at
 * the Y powers of omega), one exponential each, then the coefficients
 * (ssi_coefficients). false on ENOMEM or a stop. */
static bool ssi_work(pswork_t *wkp, uint64_t *res, size_t stride,
                     const veto_i_ps_game_t *g, bool all,
                     veto_i_ps_poll_fn poll, void *user)
{
    size_t lo, hi;
    veto_i_ps_ssi_window(&lo, &hi, g);
    size_t span = hi - lo + 1, Y = pow2_at_least(span);
    size_t np = all ? Y : span;
#define wk (*wkp)
    const field_t *F = wk.F;
    u64 p = F->p;
    size_t q = wk.n, d = g->d;
    /* vinv [span^2] and its scratch [2 span + 1] (ssi_coefficients),
     * taken before the exponentials so that a failure costs none */
    u64 *pw = ps_alloc(2 * Y), *vals = ps_alloc(d * np); /* pw: and a row */
    u64 *vinv = all ? NULL : ps_alloc(span * span);
    u64 *P = all ? NULL : ps_alloc(2 * span + 1);
    u64 *accs = ps_alloc(d);
    ssi_ext_t *st = veto_i_mallocarray(d, sizeof *st);
    bool ok = pw != NULL && vals != NULL && accs != NULL && st != NULL &&
              (all || (vinv != NULL && P != NULL));
    if (!ok) {
        goto cleanup;
    }
    /* pw[e] = omega^e, omega of order Y (the transforms' own root;
     * rt holds w_{2 len}^j for j < len only, so -1 apart) */
    u64 omega = Y >= 4   ? to_mont(F, F->rt[Y / 2 + 1])
                : Y == 2 ? p - F->r1
                         : F->r1;
    pw[0] = F->r1;
    for (size_t e = 1; e < Y; e++) {
        pw[e] = mmul(F, pw[e - 1], omega);
    }
    for (size_t j = 0; j < np; j++) {
        u64 y = pw[j];
        u64 oney = madd(F->r1, y, p);
        /* y^{-lo}: omega^{Y - (lo j mod Y)} */
        size_t e = (size_t)(((u64)(lo & (Y - 1)) * j) & (Y - 1));
        u64 shift = pw[(Y - e) & (Y - 1)];
        build_hd(&wk, g, pw, Y, j, pw + Y);
        coalitions_below(&wk);
        const u64 *Fc = wk.f;
        ssi_extract(F, accs, Fc, q, g, pw, Y, j, st);
        for (size_t c = 0; c < d; c++) {
            u64 acc = accs[c];
            u64 S = msub(Fc[q], mmul(F, oney, acc), p);
            vals[c * np + (all ? bitrev(j, Y) : j)] = mmul(F, S, shift);
        }
        if (poll != NULL && !poll(user, (double)(j + 1) / (double)np)) {
            ok = false;
            goto cleanup;
        }
    }
    ssi_coefficients(F, res, stride, vals, pw, d, span, Y, all, vinv, P);
cleanup:
    veto_i_free(pw);
    veto_i_free(vals);
    veto_i_free(vinv);
    veto_i_free(P);
    veto_i_free(accs);
    veto_i_free(st);
    return ok;
#undef wk
}

bool veto_i_ps_ssi_prime(uint64_t *res, size_t stride,
                         const veto_i_ps_game_t *g, uint64_t p, bool all,
                         veto_i_ps_poll_fn poll, void *user)
{
    pswork_t wk;
    size_t Y = ssi_points(g);
    if (!pswork_init(&wk, g, Y < 2 ? 2 : Y)) {
        return false;
    }
    bool ok =
        pswork_prime(&wk, p) && ssi_work(&wk, res, stride, g, all, poll, user);
    pswork_clear(&wk);
    return ok;
}

/* ---- the engine: primes over threads and processes --------------------- */

#define PS_ADVICE (&(const veto_i_advice_t){VETO_HINT_MEMORY, "dp", "mc"})

typedef struct psrun {
    const veto_i_ps_game_t *g;
    const veto_i_ps_crt_t *crt;
    const veto_i_ctx_t *ctx;
    veto_error_t *err;
    bool ssi;
    size_t done; /* primes finished (thread 0's view, for progress) */
    atomic_int stop;
    atomic_int failed;
    veto_status rc; /* written by thread 0 only */
} psrun_t;

static int ps_thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* Progress and the deadline, from thread 0 only; false once stopped. */
static bool ps_poll(void *user, double frac)
{
    psrun_t *run = user;
    if (atomic_load(&run->stop)) {
        return false;
    }
    if (ps_thread_id() == 0) {
        double f = ((double)run->done + frac) / (double)run->crt->r;
        veto_status rc =
            veto_i_poll(run->ctx, f > 1 ? 1 : f, "dp (power series)", run->err);
        if (rc != VETO_OK) {
            run->rc = rc;
            atomic_store(&run->stop, 1);
            return false;
        }
    }
    return true;
}

/* Residues of every prime into res[item * r + j] (zero on entry); with
 * several processes this one takes the primes j = rank (mod nranks) and
 * the sum over the processes fills in the rest, as in dp. */
static veto_status ps_run(psrun_t *run, u64 *res, size_t items,
                          unsigned nthreads)
{
    const veto_i_ctx_t *ctx = run->ctx;
    size_t r = run->crt->r;
    u64 nranks = 1, rank = 0;
    if (ctx != NULL && ctx->nranks > 1 && ctx->reduce != NULL) {
        nranks = ctx->nranks;
        rank = ctx->rank;
    }
    (void)nthreads;
    size_t Y = run->ssi ? ssi_points(run->g) : 2;
#ifdef _OPENMP
#pragma omp parallel num_threads(nthreads)
#endif
    {
        /* one set of buffers per thread, reused from prime to prime */
        pswork_t wk;
        bool have = pswork_init(&wk, run->g, Y < 2 ? 2 : Y);
        if (!have) {
            atomic_store(&run->failed, 1);
        }
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
        for (size_t j = 0; j < r; j++) {
            if ((u64)j % nranks != rank || atomic_load(&run->stop) ||
                atomic_load(&run->failed)) {
                continue;
            }
            bool ok = pswork_prime(&wk, run->crt->p[j]);
            if (ok && run->ssi) {
                ok = ssi_work(&wk, res + j, r, run->g, false, ps_poll, run);
            } else if (ok) {
                banzhaf_work(&wk, res + j, r, run->g);
            }
            if (!ok && !atomic_load(&run->stop)) {
                atomic_store(&run->failed, 1);
            }
            if (ps_thread_id() == 0) {
                run->done++;
            }
            if (ok && !run->ssi) {
                ps_poll(run, 0);
            }
        }
        if (have) {
            pswork_clear(&wk);
        }
    }
    if (run->rc != VETO_OK) {
        return run->rc;
    }
    if (atomic_load(&run->stop)) {
        return veto_i_errorf(run->err, VETO_ECANCELLED,
                             "stopped during dp (power series)");
    }
    if (atomic_load(&run->failed)) {
        return veto_i_errorf(run->err, VETO_ENOMEM,
                             "out of memory in dp (power series)");
    }
    if (nranks > 1) {
        /* one process's residue per entry, the others 0: sums < 2^50 */
        veto_status rc = ctx->reduce(ctx->reduce_user, res, items * r);
        if (rc != VETO_OK) {
            return veto_i_errorf(run->err, rc,
                                 "summing the power-series residues over "
                                 "the processes failed");
        }
    }
    return VETO_OK;
}

static unsigned ps_threads(const veto_i_ctx_t *ctx, u64 shared, u64 each,
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

/* Refuse what the transforms cannot take: q below 2^32 (and below every
 * prime, for the inverses 1..q). */
static veto_status ps_check(const veto_i_ps_game_t *g, veto_error_t *err)
{
    if (g->q < 1 || g->q > ((u64)1 << 31) || g->d == 0 || g->m == 0) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "power series: a reduced game with 1 <= q <= "
                             "2^31 and at least one player is needed");
    }
    u64 m = 0;
    for (size_t c = 0; c < g->d; c++) {
        if (g->w[c] < 1 || g->w[c] > g->q || g->mult[c] == 0 ||
            (c > 0 && g->w[c] >= g->w[c - 1])) {
            return veto_i_errorf(err, VETO_EMISUSE,
                                 "power series: weights must be distinct, "
                                 "descending and in 1..q");
        }
        m += g->mult[c];
    }
    if (m != g->m) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "power series: the multiplicities do not add "
                             "up to m");
    }
    return VETO_OK;
}

uint64_t veto_i_ps_bytes(const veto_i_ps_game_t *g, unsigned which)
{
    u64 N = pow2_at_least((size_t)(g->q < 2 ? 2 : g->q));
    /* tables 4 N, scratch 4.5 N (rounded up), hd, inv, f and the integer
     * h' 4 q */
    u64 words = veto_i_sat_add(veto_i_sat_mul(N, 9), veto_i_sat_mul(g->q, 4));
    if (which == VETO_I_NEED_SSI) {
        /* ssi_work: powers of omega and a row (2 Y), values (d span),
         * the inverse Vandermonde matrix and scratch (span^2 + 2 span + 1) */
        size_t lo, hi;
        veto_i_ps_ssi_window(&lo, &hi, g);
        u64 span = hi - lo + 1, Y = pow2_at_least(span);
        u64 more = veto_i_sat_add(veto_i_sat_mul(g->d, span),
                                  veto_i_sat_mul(span, span + 2));
        words = veto_i_sat_add(words, veto_i_sat_add(more, 2 * Y + 1));
    }
    return veto_i_sat_mul(words, 8);
}

/* butterflies of a transform of size L */
static double ps_tf(size_t L)
{
    double lg = 0;
    while (((size_t)1 << (unsigned)lg) < L) {
        lg++;
    }
    return (double)L / 2 * (lg < 1 ? 1 : lg);
}

/* The butterflies of exp_mont to precision n, step by step as it runs
 * (its sizes L1, L2, the inverse only when the step needs it). */
static double ps_exp_work(size_t n)
{
    double u = 0;
    for (size_t m = 1; m < n; m *= 2) {
        size_t top = 2 * m < n ? 2 * m : n, l = top - m;
        size_t L1 = pow2_at_least(top - 1 > m ? top - 1 : m);
        size_t L2 = pow2_at_least(2 * l);
        u += 3 * ps_tf(L1) + (L2 == L1 ? 5 : 6) * ps_tf(L2);
        if (m >= 2 && 2 * l > m) {
            u += 3 * ps_tf(m);
        }
    }
    return u;
}

double veto_i_ps_primes(const veto_i_ps_game_t *g, unsigned which)
{
    return which == VETO_I_NEED_SSI ? ssi_primes(g)
                                    : (double)((g->m + 1) / PS_PRIME_BITS + 1);
}

double veto_i_ps_work(const veto_i_ps_game_t *g, unsigned which)
{
    double r = veto_i_ps_primes(g, which);
    /* the exponential's transforms: about 19 of size N, fewer when q is
     * just above a power of two */
    double per = ps_exp_work((size_t)(g->q < 2 ? 2 : g->q));
    double ext = 0; /* the harmonic sums and the alternating sums */
    for (size_t c = 0; c < g->d; c++) {
        ext += 2.0 * (double)g->q / (double)g->w[c];
    }
    per += ext;
    if (which == VETO_I_NEED_SSI) {
        /* an exponential per point, span points, and the interpolation:
         * d span^2 multiply-adds in 128 bits (PS_INTERP_UNIT of them a
         * unit) */
        size_t lo, hi;
        veto_i_ps_ssi_window(&lo, &hi, g);
        double span = (double)(hi - lo + 1);
        per = per * span + (double)g->d * span * span / PS_INTERP_UNIT;
    }
    /* each prime's setup: its tables (4 N words), the inverses 1..q, and
     * a floor for the buffers and the CRT, so that tiny games, where
     * either route takes microseconds, stay with the recursion (the
     * butterfly count alone falls below it there) */
    double N = (double)pow2_at_least((size_t)(g->q < 2 ? 2 : g->q));
    per += 4 * N + (double)g->q + 2000;
    return r * per;
}

veto_status veto_i_ps_banzhaf(mpz_t below, mpz_t *swings,
                              const veto_i_ps_game_t *g,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_ps_crt_t crt;
    memset(&crt, 0, sizeof crt);
    u64 *res = NULL, *digit = NULL;
    VETO_TRY(ps_check(g, err));
    VETO_TRY(veto_i_ps_crt_init(&crt, (u64)g->m + 1, err));
    size_t r = crt.r, items = 1 + g->d;
    u64 each = veto_i_ps_bytes(g, VETO_I_NEED_SWINGS);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items, r), 8);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the power series for Banzhaf", PS_ADVICE,
                                 err));
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    psrun_t run = {g, &crt, ctx, err, false, 0, 0, 0, VETO_OK};
    VETO_TRY(ps_run(&run, res, items, ps_threads(ctx, shared, each, r)));
    veto_i_ps_crt_value(below, &crt, res, 1, digit);
    for (size_t c = 0; c < g->d; c++) {
        veto_i_ps_crt_value(swings[c], &crt, res + (1 + c) * r, 1, digit);
    }
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    veto_i_ps_crt_clear(&crt);
    return rc;
}

veto_status veto_i_ps_ssi(const veto_i_ps_game_t *g, veto_i_ps_emit_fn emit,
                          void *user, const veto_i_ctx_t *ctx,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_ps_crt_t crt;
    memset(&crt, 0, sizeof crt);
    u64 *res = NULL, *digit = NULL;
    mpz_t *sw = NULL;
    size_t span = 0;
    mpz_t bound;
    mpz_init(bound);
    VETO_TRY(ps_check(g, err));
    size_t lo, hi;
    veto_i_ps_ssi_window(&lo, &hi, g);
    span = hi - lo + 1;
    mpz_bin_uiui(bound, g->m - 1, ssi_kstar(g, lo, hi));
    VETO_TRY(veto_i_ps_crt_init_above(&crt, bound, err));
    size_t r = crt.r;
    u64 items = veto_i_sat_mul(g->d, span);
    u64 each = veto_i_ps_bytes(g, VETO_I_NEED_SSI);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items, r), 8);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the power series for Shapley-Shubik",
                                 PS_ADVICE, err));
    VETO_ALLOC(res, veto_i_calloc((size_t)items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    VETO_ALLOC(sw, veto_i_mallocarray(span, sizeof *sw));
    for (size_t k = 0; k < span; k++) {
        mpz_init(sw[k]);
    }
    psrun_t run = {g, &crt, ctx, err, true, 0, 0, 0, VETO_OK};
    VETO_TRY(
        ps_run(&run, res, (size_t)items, ps_threads(ctx, shared, each, r)));
    for (size_t c = 0; c < g->d; c++) {
        for (size_t k = 0; k < span; k++) {
            veto_i_ps_crt_value(sw[k], &crt, res + (c * span + k) * r, 1,
                                digit);
        }
        emit(user, c, lo, hi, (const mpz_t *)sw);
    }
cleanup:
    if (sw != NULL) {
        for (size_t k = 0; k < span; k++) {
            mpz_clear(sw[k]);
        }
        veto_i_free(sw);
    }
    veto_i_free(res);
    veto_i_free(digit);
    veto_i_ps_crt_clear(&crt);
    mpz_clear(bound);
    return rc;
}
