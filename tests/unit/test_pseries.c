/*
 * test_pseries.c: the power-series route (src/exact/pseries.c).
 *
 * The series operations modulo a prime against the schoolbook product and
 * against identities (exp(x) = sum x^k / k!, exp(log a) = a, a / a = 1);
 * Banzhaf and Shapley-Shubik counts against hand-checked values (the UN
 * Security Council as the weighted game [39; 7 x 5, 1 x 10]), against the
 * plain reference dp on the EU Council under Nice, and against the fast dp
 * on random games (1,000 times VETO_TEST_SCALE; the seed of a failing game
 * is printed); the dp engine with the route forced on and off (weights 0
 * included); the transforms with and without AVX-512 IFMA; the error
 * paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exact/pseries.h"
#include "test_util.h"

__extension__ typedef unsigned __int128 u128;

static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t p)
{
    uint64_t r = 1;
    b %= p;
    while (e > 0) {
        if (e & 1) {
            r = (uint64_t)((u128)r * b % p);
        }
        b = (uint64_t)((u128)b * b % p);
        e >>= 1;
    }
    return r;
}

static veto_i_ctx_t ctx_make(unsigned threads)
{
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.threads = threads;
    ctx.max_memory = (uint64_t)4 << 30;
    return ctx;
}

/* ---- series
 * ------------------------------------------------------------------ */

/* a b mod x^n by the schoolbook product */
static void naive_mul(uint64_t *out, const uint64_t *a, const uint64_t *b,
                      size_t n, uint64_t p)
{
    for (size_t i = 0; i < n; i++) {
        u128 s = 0;
        for (size_t j = 0; j <= i; j++) {
            s = (s + (u128)a[j] * b[i - j]) % p;
        }
        out[i] = (uint64_t)s;
    }
}

/* e = exp(x) modulo p to n terms: e[k] k! = 1 for every k < n. */
static void check_exp_x(const uint64_t *e, size_t n, uint64_t p)
{
    uint64_t fact = 1;
    for (size_t k = 0; k < n; k++) {
        if (k > 0) {
            fact = (uint64_t)((u128)fact * k % p);
        }
        assert_int_equal((uint64_t)((u128)e[k] * fact % p), 1);
    }
}

static void check_series(uint64_t p, uint64_t seed, bool vector)
{
    /* 300, 1500: the last step of exp adds at most half (its short
     * transforms) */
    const size_t lens[] = {1, 2, 3, 5, 6, 16, 17, 100, 257, 300, 1000, 1500};
    veto_i_ps_field_t *F = veto_i_ps_field_new(p, 4096);
    assert_non_null(F);
    if (veto_i_ps_field_vector(F, vector) != vector) {
        printf("no AVX-512 IFMA here: the scalar transforms only\n");
    }
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t n = lens[li];
        uint64_t *a = calloc(n, 8), *b = calloc(n, 8), *c = calloc(n, 8);
        uint64_t *d = calloc(n, 8), *e = calloc(n, 8);
        assert_true(a && b && c && d && e);
        uint64_t s = vt_seed(seed + n);
        for (size_t i = 0; i < n; i++) {
            a[i] = next_u64(&s) % p;
            b[i] = next_u64(&s) % p;
        }
        assert_true(veto_i_ps_mul(F, c, a, n, b, n, n));
        naive_mul(d, a, b, n, p);
        assert_memory_equal(c, d, n * 8);
        /* a / a = 1 */
        a[0] = a[0] == 0 ? 1 : a[0];
        assert_true(veto_i_ps_inv(F, c, a, n));
        assert_true(veto_i_ps_mul(F, d, a, n, c, n, n));
        assert_int_equal(d[0], 1);
        for (size_t i = 1; i < n; i++) {
            assert_int_equal(d[i], 0);
        }
        /* exp(log a) = a for a(0) = 1 */
        a[0] = 1;
        assert_true(veto_i_ps_log(F, c, a, n));
        assert_int_equal(c[0], 0);
        assert_true(veto_i_ps_exp(F, e, c, n));
        assert_memory_equal(e, a, n * 8);
        /* exp(x) = sum x^k / k! */
        memset(c, 0, n * 8);
        if (n > 1) {
            c[1] = 1;
        }
        assert_true(veto_i_ps_exp(F, e, c, n));
        check_exp_x(e, n, p);
        free(a);
        free(b);
        free(c);
        free(d);
        free(e);
    }
    /* misuse: exp needs a(0) = 0, log and inverse a unit */
    uint64_t one[2] = {1, 5}, out[2];
    assert_false(veto_i_ps_exp(F, out, one, 2));
    uint64_t zero[2] = {0, 5};
    assert_false(veto_i_ps_inv(F, out, zero, 2));
    assert_false(veto_i_ps_log(F, out, zero, 2));
    veto_i_ps_field_free(F);
}

static void test_series(void **state)
{
    (void)state;
    veto_i_ps_crt_t crt;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    assert_int_equal(veto_i_ps_crt_init(&crt, 200, &err), VETO_OK);
    assert_int_equal(crt.r, 5);
    for (size_t j = 0; j < crt.r; j++) {
        uint64_t p = crt.p[j];
        assert_true(p > (1ull << 49) && p < (1ull << 50));
        assert_int_equal(p & 0xffffffffull, 1);
        assert_int_equal(powmod(3, p - 1, p), 1); /* Fermat, a sanity check */
        check_series(p, 100 + j, true);
        check_series(p, 200 + j, false);
    }
    check_series(998244353, 7, true); /* 119 2^23 + 1 */
    check_series(998244353, 8, false);
    /* a modulus that is not prime, or has too few roots of unity */
    assert_null(veto_i_ps_field_new(998244353, (size_t)1 << 24));
    assert_null(veto_i_ps_field_new(15ull * (1ull << 27) + 3, 16));
    veto_i_ps_crt_clear(&crt);
}

/* Transforms long enough for the passes over the whole array (two
 * stages a pass, above the in-cache blocks): a product of length 2^17
 * with the vector code against the scalar one, and exp(x) = sum x^k / k!
 * to 150,000 terms (its last Newton step adds under half). */
static void test_long(void **state)
{
    (void)state;
    const uint64_t p = 3221225473ull; /* 3 2^30 + 1 */
    const size_t n = (size_t)1 << 17, ne = 150000;
    veto_i_ps_field_t *F = veto_i_ps_field_new(p, 2 * n);
    assert_non_null(F);
    uint64_t *a = calloc(n, 8), *b = calloc(n, 8), *c = calloc(n, 8);
    uint64_t *d = calloc(n, 8), *e = calloc(ne, 8), *h = calloc(ne, 8);
    assert_true(a && b && c && d && e && h);
    uint64_t s = vt_seed(31);
    for (size_t i = 0; i < n; i++) {
        a[i] = next_u64(&s) % p;
        b[i] = next_u64(&s) % p;
    }
    bool vec = veto_i_ps_field_vector(F, true);
    assert_true(veto_i_ps_mul(F, c, a, n, b, n, n));
    veto_i_ps_field_vector(F, false);
    assert_true(veto_i_ps_mul(F, d, a, n, b, n, n));
    assert_memory_equal(c, d, n * 8);
    for (int v = 0; v < 2; v++) {
        veto_i_ps_field_vector(F, v == 0 && vec);
        h[1] = 1;
        assert_true(veto_i_ps_exp(F, e, h, ne));
        check_exp_x(e, ne, p);
    }
    free(a);
    free(b);
    free(c);
    free(d);
    free(e);
    free(h);
    veto_i_ps_field_free(F);
}

static void test_crt(void **state)
{
    (void)state;
    veto_i_ps_crt_t crt;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    assert_int_equal(veto_i_ps_crt_init(&crt, 1000, &err), VETO_OK);
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    gmp_randstate_t rs;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, (unsigned long)vt_seed(5));
    uint64_t *res = calloc(crt.r, 8), *digit = calloc(crt.r, 8);
    for (int it = 0; it < 50; it++) {
        mpz_urandomb(x, rs, 1000 - (unsigned)it * 7);
        for (size_t j = 0; j < crt.r; j++) {
            res[j] = mpz_fdiv_ui(x, crt.p[j]);
        }
        veto_i_ps_crt_value(y, &crt, res, 1, digit);
        assert_int_equal(mpz_cmp(x, y), 0);
    }
    free(res);
    free(digit);
    gmp_randclear(rs);
    mpz_clears(x, y, NULL);
    veto_i_ps_crt_clear(&crt);
}

/* ---- games ------------------------------------------------------------------
 */

/* A weighted game [quota; w] (weights >= 0) reduced as dp does: zero
 * weights out (z of them), divided by the gcd, capped at the quota,
 * classes by weight descending. kind: 0 normal, 1 every coalition wins, 2
 * none does. */
typedef struct red {
    veto_i_ps_game_t g;
    uint64_t w[64];
    size_t mult[64];
    size_t cls_of[64]; /* class of each player, SIZE_MAX for weight 0 */
    size_t z;
    int kind;
} red_t;

static void reduce(red_t *r, size_t n, const unsigned long *w,
                   unsigned long quota)
{
    memset(r, 0, sizeof *r);
    unsigned long gcd = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned long a = gcd, b = w[i];
        while (b != 0) {
            unsigned long t = a % b;
            a = b;
            b = t;
        }
        gcd = a;
        total += w[i];
    }
    if (quota == 0) {
        r->kind = 1;
        return;
    }
    if (quota > total) {
        r->kind = 2;
        return;
    }
    uint64_t q = (quota + gcd - 1) / gcd;
    uint64_t rw[64];
    for (size_t i = 0; i < n; i++) {
        rw[i] = w[i] / gcd < q ? w[i] / gcd : q;
    }
    /* classes: distinct positive weights, descending */
    for (;;) {
        uint64_t best = 0;
        for (size_t i = 0; i < n; i++) {
            bool seen = false;
            for (size_t c = 0; c < r->g.d; c++) {
                seen = seen || r->w[c] == rw[i];
            }
            if (!seen && rw[i] > best) {
                best = rw[i];
            }
        }
        if (best == 0) {
            break;
        }
        r->w[r->g.d++] = best;
    }
    for (size_t i = 0; i < n; i++) {
        r->cls_of[i] = SIZE_MAX;
        for (size_t c = 0; c < r->g.d; c++) {
            if (r->w[c] == rw[i] && rw[i] > 0) {
                r->cls_of[i] = c;
                r->mult[c]++;
                r->g.m++;
            }
        }
        r->z += rw[i] == 0;
    }
    r->g.q = q;
    r->g.w = r->w;
    r->g.mult = r->mult;
}

static void game_make(veto_i_wgame_t *g, size_t n, const unsigned long *w,
                      unsigned long quota)
{
    g->n = n;
    g->w = calloc(n + 1, sizeof *g->w);
    assert_non_null(g->w);
    for (size_t i = 0; i < n; i++) {
        mpz_init_set_ui(g->w[i], w[i]);
    }
    mpz_init_set_ui(g->quota, quota);
}

static void game_free(veto_i_wgame_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        mpz_clear(g->w[i]);
    }
    free(g->w);
    mpz_clear(g->quota);
}

typedef struct sizes {
    size_t d, m;
    mpz_t *sw; /* [d * m]: class c, size k at c * m + k */
} sizes_t;

static void emit_sizes(void *user, size_t c, size_t lo, size_t hi,
                       const mpz_t *sw)
{
    sizes_t *s = user;
    assert_true(c < s->d);
    assert_true(lo <= hi && hi < s->m);
    for (size_t k = lo; k <= hi; k++) {
        mpz_set(s->sw[c * s->m + k], sw[k - lo]);
    }
}

static void print_game(size_t n, const unsigned long *w, unsigned long quota)
{
    fprintf(stderr, "game [%lu;", quota);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, " %lu", w[i]);
    }
    fprintf(stderr, "]\n");
}

/* The route's counts for the game [quota; w], checked against dp (or the
 * reference dp when ref) for every player: swings, winning, swings by
 * size. Returns the number of mismatches (0). */
static void check_game(size_t n, const unsigned long *w, unsigned long quota,
                       unsigned threads, bool ref, uint64_t seed)
{
    red_t r;
    reduce(&r, n, w, quota);
    if (r.kind != 0) {
        return; /* dp's trivial games; nothing for the route to do */
    }
    veto_i_wgame_t g;
    game_make(&g, n, w, quota);
    veto_i_counts_t c;
    unsigned need = VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI |
                    VETO_I_NEED_SIZES;
    assert_true(veto_i_counts_init(&c, n, need));
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_ctx_t ctx = ctx_make(1);
    veto_status rc = ref ? veto_i_dpref_counts(&c, &g, need, &ctx, &err)
                         : veto_i_dp_counts(&c, &g, need, &ctx, &err);
    assert_int_equal(rc, VETO_OK);
    if (!ref) {
        assert_non_null(c.swings_k);
    }

    ctx = ctx_make(threads);
    mpz_t below, v;
    mpz_inits(below, v, NULL);
    mpz_t *sw = calloc(r.g.d, sizeof *sw);
    for (size_t k = 0; k < r.g.d; k++) {
        mpz_init(sw[k]);
    }
    rc = veto_i_ps_banzhaf(below, sw, &r.g, &ctx, &err);
    assert_int_equal(rc, VETO_OK);
    /* winning = (2^m - below) 2^z */
    mpz_set_ui(v, 0);
    mpz_setbit(v, r.g.m);
    mpz_sub(v, v, below);
    mpz_mul_2exp(v, v, r.z);
    if (mpz_cmp(v, c.winning) != 0) {
        fail_msg("winning differs, seed %llu", (unsigned long long)seed);
    }
    for (size_t i = 0; i < n; i++) {
        if (r.cls_of[i] == SIZE_MAX) {
            mpz_set_ui(v, 0);
        } else {
            mpz_mul_2exp(v, sw[r.cls_of[i]], r.z);
        }
        if (mpz_cmp(v, c.swings[i]) != 0) {
            gmp_fprintf(stderr, "player %zu: %Zd, dp %Zd\n", i, v, c.swings[i]);
            print_game(n, w, quota);
            fail_msg("swings differ, seed %llu", (unsigned long long)seed);
        }
    }
    /* swings by size, without the players of weight 0 */
    sizes_t s = {r.g.d, r.g.m, calloc(r.g.d * r.g.m, sizeof(mpz_t))};
    for (size_t k = 0; k < r.g.d * r.g.m; k++) {
        mpz_init(s.sw[k]);
    }
    rc = veto_i_ps_ssi(&r.g, emit_sizes, &s, &ctx, &err);
    assert_int_equal(rc, VETO_OK);
    mpz_t num, f, bz;
    mpz_inits(num, f, bz, NULL);
    for (size_t i = 0; i < n; i++) {
        /* with j of the z weightless players a size-k swing has size k + j */
        mpz_set_ui(num, 0);
        for (size_t k = 0; k < n; k++) {
            mpz_set_ui(v, 0);
            if (r.cls_of[i] != SIZE_MAX) {
                for (size_t j = 0; j <= r.z && j <= k; j++) {
                    if (k - j < r.g.m) {
                        mpz_bin_uiui(bz, r.z, j);
                        mpz_addmul(v, s.sw[r.cls_of[i] * r.g.m + k - j], bz);
                    }
                }
            }
            if (!ref && mpz_cmp(v, veto_i_counts_swings_row(&c, i)[k]) != 0) {
                gmp_fprintf(stderr, "player %zu size %zu: %Zd, dp %Zd\n", i, k,
                            v, veto_i_counts_swings_row(&c, i)[k]);
                print_game(n, w, quota);
                fail_msg("swings by size differ, seed %llu",
                         (unsigned long long)seed);
            }
            mpz_fac_ui(f, k);
            mpz_mul(v, v, f);
            mpz_fac_ui(f, n - 1 - k);
            mpz_mul(v, v, f);
            mpz_add(num, num, v);
        }
        if (mpz_cmp(num, c.ssi_num[i]) != 0) {
            fail_msg("Shapley-Shubik differs (player %zu), seed %llu", i,
                     (unsigned long long)seed);
        }
    }
    mpz_clears(num, f, bz, NULL);
    for (size_t k = 0; k < r.g.d * r.g.m; k++) {
        mpz_clear(s.sw[k]);
    }
    free(s.sw);
    for (size_t k = 0; k < r.g.d; k++) {
        mpz_clear(sw[k]);
    }
    free(sw);
    mpz_clears(below, v, NULL);
    veto_i_counts_clear(&c);
    game_free(&g);
}

/* [39; 7 x 5, 1 x 10]: a permanent member swings with the other four and
 * at least 4 of the 10 others (848 of 2^14), an elected member with the
 * five and exactly 3 of the other 9 (C(9, 3) = 84, all of size 8). */
static void test_security_council(void **state)
{
    (void)state;
    uint64_t w[2] = {7, 1};
    size_t mult[2] = {5, 10};
    veto_i_ps_game_t g = {39, 15, 2, w, mult};
    veto_i_ctx_t ctx = ctx_make(1);
    veto_error_t err;
    memset(&err, 0, sizeof err);
    mpz_t below, sw[2];
    mpz_inits(below, sw[0], sw[1], NULL);
    assert_int_equal(veto_i_ps_banzhaf(below, sw, &g, &ctx, &err), VETO_OK);
    assert_int_equal(mpz_get_ui(sw[0]), 848);
    assert_int_equal(mpz_get_ui(sw[1]), 84);
    /* winning: the five and at least 4 of 10: 848; below = 2^15 - 848 */
    assert_int_equal(mpz_get_ui(below), 32768 - 848);
    size_t lo, hi;
    veto_i_ps_ssi_window(&lo, &hi, &g);
    assert_int_equal(lo, 5);  /* five of weight 7 reach 39 - 7 = 32 */
    assert_int_equal(hi, 14); /* all but one weigh 38 at most */
    sizes_t s = {2, 15, calloc(30, sizeof(mpz_t))};
    for (size_t k = 0; k < 30; k++) {
        mpz_init(s.sw[k]);
    }
    assert_int_equal(veto_i_ps_ssi(&g, emit_sizes, &s, &ctx, &err), VETO_OK);
    for (size_t k = 0; k < 15; k++) {
        /* permanent: 4 permanent and j >= 4 elected, size 4 + j,
         * C(10, j) of them */
        unsigned long want = 0;
        if (k >= 8) {
            mpz_t b;
            mpz_init(b);
            mpz_bin_uiui(b, 10, k - 4);
            want = mpz_get_ui(b);
            mpz_clear(b);
        }
        assert_int_equal(mpz_get_ui(s.sw[k]), want);
        assert_int_equal(mpz_get_ui(s.sw[15 + k]), k == 8 ? 84 : 0);
    }
    for (size_t k = 0; k < 30; k++) {
        mpz_clear(s.sw[k]);
    }
    free(s.sw);
    mpz_clears(below, sw[0], sw[1], NULL);
}

static void test_eu_nice(void **state)
{
    (void)state;
    static const unsigned long eu[27] = {29, 29, 29, 29, 27, 27, 14, 13, 12,
                                         12, 12, 12, 12, 10, 10, 10, 7,  7,
                                         7,  7,  7,  4,  4,  4,  4,  4,  3};
    check_game(27, eu, 255, 2, true, 0);
    check_game(27, eu, 255, 1, false, 0);
}

/* n weights drawn from s in 1..wmax; their total. */
static unsigned long draw_weights(unsigned long *w, size_t n,
                                  unsigned long wmax, uint64_t *s)
{
    unsigned long total = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = 1 + (unsigned long)(next_u64(s) % wmax);
        total += w[i];
    }
    return total;
}

static void test_random_vs_dp(void **state)
{
    (void)state;
    uint64_t iters = vt_count(1000);
    for (uint64_t it = 0; it < iters; it++) {
        uint64_t seed = vt_seed(it), s = seed;
        size_t n = 1 + (size_t)(next_u64(&s) % 14);
        unsigned long wmax = (it % 3 == 0) ? 4 : (it % 3 == 1) ? 30 : 400;
        unsigned long w[64], total = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = (unsigned long)(next_u64(&s) % (wmax + 1));
            if (it % 5 == 0 && i % 3 == 0) {
                w[i] *= 6; /* a common factor now and then */
            }
            total += w[i];
        }
        unsigned long quota = (unsigned long)(next_u64(&s) % (total + 2));
        check_game(n, w, quota, 1 + (unsigned)(it % 2), false, seed);
    }
    /* a few larger games: more primes, longer transforms */
    uint64_t big = vt_count(6);
    for (uint64_t it = 0; it < big; it++) {
        uint64_t seed = vt_seed(10000 + it), s = seed;
        size_t n = 40 + (size_t)(next_u64(&s) % 24);
        unsigned long w[64];
        unsigned long total = draw_weights(w, n, 1000, &s);
        check_game(n, w, total / 2 + 1, 2, false, seed);
    }
    /* quotas above 32,768 (PS_EXTRACT): the extractions' walks down Fc
     * cross a block boundary, with either sign due next */
    uint64_t wide = vt_count(8);
    for (uint64_t it = 0; it < wide; it++) {
        uint64_t seed = vt_seed(15000 + it), s = seed;
        size_t n = 16 + (size_t)(next_u64(&s) % 12);
        unsigned long w[64];
        unsigned long total = draw_weights(w, n, 12000, &s);
        unsigned long quota =
            total / 2 + (unsigned long)(next_u64(&s) % (total / 4));
        check_game(n, w, quota, 1, false, seed);
    }
}

/* The swings by size modulo one prime from span = hi - lo + 1 points and
 * the inverse Vandermonde matrix, against all Y = 2^ceil(log2 span)
 * points and the inverse transform (both routes of ssi_work), on random
 * games: the residues must agree exactly, for one of the engine's primes
 * and for 998244353 = 119 2^23 + 1. Spans 1, 2, 3 and spans that are not
 * powers of two must all have come up. */
static void test_ssi_points(void **state)
{
    (void)state;
    veto_i_ps_crt_t crt;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    assert_int_equal(veto_i_ps_crt_init(&crt, 64, &err), VETO_OK);
    uint64_t primes[2] = {crt.p[0], 998244353};
    uint64_t iters = vt_count(400);
    bool seen[8] = {false};
    size_t odd_spans = 0; /* spans above 4 that are not powers of two */
    for (uint64_t it = 0; it < iters; it++) {
        uint64_t seed = vt_seed(30000 + it), s = seed;
        size_t n = 1 + (size_t)(next_u64(&s) % (it % 4 == 0 ? 40 : 12));
        unsigned long wmax = (it % 3 == 0) ? 5 : (it % 3 == 1) ? 40 : 500;
        unsigned long w[64];
        unsigned long total = draw_weights(w, n, wmax, &s);
        unsigned long quota = 1 + (unsigned long)(next_u64(&s) % total);
        red_t r;
        reduce(&r, n, w, quota);
        if (r.kind != 0) {
            continue;
        }
        size_t lo, hi;
        veto_i_ps_ssi_window(&lo, &hi, &r.g);
        size_t span = hi - lo + 1;
        if (span < 8) {
            seen[span] = true;
        }
        odd_spans += span > 4 && (span & (span - 1)) != 0;
        size_t items = r.g.d * span;
        uint64_t *a = calloc(items, 8), *b = calloc(items, 8);
        assert_non_null(a);
        assert_non_null(b);
        for (int k = 0; k < 2; k++) {
            assert_true(
                veto_i_ps_ssi_prime(a, 1, &r.g, primes[k], false, NULL, NULL));
            assert_true(
                veto_i_ps_ssi_prime(b, 1, &r.g, primes[k], true, NULL, NULL));
            if (memcmp(a, b, items * 8) != 0) {
                print_game(n, w, quota);
                fail_msg("span %zu: interpolation differs from the "
                         "transform modulo %llu, seed %llu",
                         span, (unsigned long long)primes[k],
                         (unsigned long long)seed);
            }
        }
        free(a);
        free(b);
    }
    if (iters >= 400) {
        assert_true(seen[1] && seen[2] && seen[3]);
        assert_true(odd_spans > 10);
    }
    veto_i_ps_crt_clear(&crt);
}

/* The Shapley-Shubik route takes the fewest primes whose product exceeds
 * max_k C(m - 1, k) over the window. veto_i_ps_crt_init_above: the
 * product of its r primes exceeds the bound, that of the first r - 1 does
 * not. Then [q; 1 x m], m = 40..70, every q: a player swings exactly in
 * the C(m - 1, q - 1) coalitions of q - 1 others, which is the bound
 * itself (window lo = hi = q - 1), below one prime (2^49 < p < 2^50) up
 * to m = 53 and above it from C(53, 26) = 1.42e15 on: a prime too few
 * shows. */
static void test_ssi_primes(void **state)
{
    (void)state;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    mpz_t bound, prod, v;
    mpz_inits(bound, prod, v, NULL);
    static const unsigned long bits[] = {0, 1, 48, 49, 50, 99, 100, 993, 1001};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        for (int off = -1; off <= 1; off++) {
            mpz_set_ui(bound, 0);
            mpz_setbit(bound, bits[i]);
            if (off < 0) {
                mpz_sub_ui(bound, bound, 1);
            } else if (off > 0) {
                mpz_add_ui(bound, bound, 1);
            }
            veto_i_ps_crt_t crt;
            assert_int_equal(veto_i_ps_crt_init_above(&crt, bound, &err),
                             VETO_OK);
            assert_true(crt.r >= 1);
            mpz_set_ui(prod, 1);
            for (size_t j = 0; j + 1 < crt.r; j++) {
                mpz_mul_ui(prod, prod, crt.p[j]);
            }
            assert_true(crt.r == 1 || mpz_cmp(prod, bound) <= 0);
            mpz_mul_ui(prod, prod, crt.p[crt.r - 1]);
            assert_true(mpz_cmp(prod, bound) > 0);
            veto_i_ps_crt_clear(&crt);
        }
    }
    /* random-1000's bound C(999, 499) (994 bits): 20 primes of about
     * 49.998 bits, where m + 1 bits took 21 */
    veto_i_ps_crt_t crt;
    mpz_bin_uiui(bound, 999, 499);
    assert_int_equal(veto_i_ps_crt_init_above(&crt, bound, &err), VETO_OK);
    assert_int_equal(crt.r, 20);
    veto_i_ps_crt_clear(&crt);

    veto_i_ctx_t ctx = ctx_make(1);
    size_t above = 0;
    for (size_t m = 40; m <= 70; m++) {
        for (uint64_t q = 1; q <= m; q++) {
            uint64_t w[1] = {1};
            size_t mult[1] = {m};
            veto_i_ps_game_t g = {q, m, 1, w, mult};
            sizes_t s = {1, m, calloc(m, sizeof(mpz_t))};
            for (size_t k = 0; k < m; k++) {
                mpz_init(s.sw[k]);
            }
            assert_int_equal(veto_i_ps_ssi(&g, emit_sizes, &s, &ctx, &err),
                             VETO_OK);
            mpz_bin_uiui(v, m - 1, q - 1);
            above += mpz_sizeinbase(v, 2) > 50;
            for (size_t k = 0; k < m; k++) {
                bool ok = k == q - 1 ? mpz_cmp(s.sw[k], v) == 0
                                     : mpz_cmp_ui(s.sw[k], 0) == 0;
                if (!ok) {
                    fail_msg("[%llu; 1 x %zu]: size %zu wrong",
                             (unsigned long long)q, m, k);
                }
                mpz_clear(s.sw[k]);
            }
            free(s.sw);
        }
    }
    assert_true(above > 100);
    mpz_clears(bound, prod, v, NULL);
}

/* The dp engine with the power series forced on and off: the same counts
 * for every player (weights 0 included, by size too). */
static void test_dp_route(void **state)
{
    (void)state;
    uint64_t iters = vt_count(300);
    unsigned need = VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI |
                    VETO_I_NEED_SIZES;
    for (uint64_t it = 0; it < iters; it++) {
        uint64_t seed = vt_seed(20000 + it), s = seed;
        size_t n = 1 + (size_t)(next_u64(&s) % 16);
        unsigned long w[64], total = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = (unsigned long)(next_u64(&s) % 60);
            total += w[i];
        }
        unsigned long quota = (unsigned long)(next_u64(&s) % (total + 2));
        veto_i_wgame_t g;
        game_make(&g, n, w, quota);
        veto_i_counts_t a, b;
        assert_true(veto_i_counts_init(&a, n, need));
        assert_true(veto_i_counts_init(&b, n, need));
        veto_error_t err;
        memset(&err, 0, sizeof err);
        veto_i_ctx_t ctx = ctx_make(1 + (unsigned)(it % 2));
        assert_int_equal(
            veto_i_dp_counts_route(&a, &g, need, -1, 0, &ctx, &err), VETO_OK);
        assert_int_equal(
            veto_i_dp_counts_route(&b, &g, need, -1, 1, &ctx, &err), VETO_OK);
        assert_int_equal(a.pseries, 0);
        red_t r;
        reduce(&r, n, w, quota);
        if (r.kind == 0) {
            assert_int_equal(b.pseries, VETO_I_NEED_SWINGS | VETO_I_NEED_SSI);
        }
        bool same = mpz_cmp(a.winning, b.winning) == 0;
        for (size_t i = 0; i < n; i++) {
            same = same && mpz_cmp(a.swings[i], b.swings[i]) == 0 &&
                   mpz_cmp(a.ssi_num[i], b.ssi_num[i]) == 0;
            for (size_t k = 0; k < n; k++) {
                same = same && mpz_cmp(veto_i_counts_swings_row(&a, i)[k],
                                       veto_i_counts_swings_row(&b, i)[k]) == 0;
            }
        }
        if (!same) {
            print_game(n, w, quota);
            fail_msg("the routes differ, seed %llu", (unsigned long long)seed);
        }
        veto_i_counts_clear(&a);
        veto_i_counts_clear(&b);
        game_free(&g);
    }
}

static void test_errors(void **state)
{
    (void)state;
    veto_i_ctx_t ctx = ctx_make(1);
    veto_error_t err;
    memset(&err, 0, sizeof err);
    mpz_t below, sw[2];
    mpz_inits(below, sw[0], sw[1], NULL);
    uint64_t w[2] = {1, 7}; /* ascending: refused */
    size_t mult[2] = {1, 1};
    veto_i_ps_game_t g = {5, 2, 2, w, mult};
    assert_int_equal(veto_i_ps_banzhaf(below, sw, &g, &ctx, &err),
                     VETO_EMISUSE);
    veto_error_clear(&err);
    w[0] = 7;
    w[1] = 1; /* 7 > q */
    assert_int_equal(veto_i_ps_banzhaf(below, sw, &g, &ctx, &err),
                     VETO_EMISUSE);
    veto_error_clear(&err);
    g.q = 7;
    g.m = 3; /* multiplicities add up to 2 */
    assert_int_equal(veto_i_ps_banzhaf(below, sw, &g, &ctx, &err),
                     VETO_EMISUSE);
    veto_error_clear(&err);
    g.m = 2;
    ctx.max_memory = 100; /* too small a budget */
    assert_int_equal(veto_i_ps_banzhaf(below, sw, &g, &ctx, &err), VETO_ELIMIT);
    veto_error_clear(&err);
    ctx.max_memory = (uint64_t)1 << 30;
    assert_int_equal(veto_i_ps_banzhaf(below, sw, &g, &ctx, &err), VETO_OK);
    /* [7; 7, 1]: the first is a dictator */
    assert_int_equal(mpz_get_ui(sw[0]), 2);
    assert_int_equal(mpz_get_ui(sw[1]), 0);
    mpz_clears(below, sw[0], sw[1], NULL);
}

int main(void)
{
    vt_begin("test_pseries");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_crt),
        cmocka_unit_test(test_security_council),
        cmocka_unit_test(test_eu_nice),
        cmocka_unit_test(test_random_vs_dp),
        cmocka_unit_test(test_ssi_points),
        cmocka_unit_test(test_ssi_primes),
        cmocka_unit_test(test_dp_route),
        cmocka_unit_test(test_errors),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
