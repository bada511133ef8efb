/*
 * test_mc.c: the Monte Carlo engine against exact values (the Security
 * Council's published figures, and a brute force of our own over random
 * weighted and composed games), the 1/sqrt(samples) width law, byte-identical
 * results for any number of threads and of (simulated) ranks, a million
 * players in bounded memory, and the error paths.
 *
 * VETO_TEST_SCALE multiplies the number of random games; every failure
 * prints the seed of the game.
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exact/ternary.h"
#include "sample/mc.h"
#include "sample/rng.h"
#include "test_util.h"

/* ---- helpers: rules built by hand --------------------------------------- */

static veto_i_rule_t *node_new(veto_i_rule_kind kind)
{
    veto_i_rule_t *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->kind = kind;
    mpz_init(r->quota);
    return r;
}

/* players[] strictly increasing */
static veto_i_rule_t *term_new(size_t nterm, const size_t *players,
                               const unsigned long *w, unsigned long quota)
{
    veto_i_rule_t *r = node_new(VETO_I_R_TERM);
    r->nterm = nterm;
    r->player = calloc(nterm + 1, sizeof *r->player);
    r->w = calloc(nterm + 1, sizeof *r->w);
    assert_non_null(r->player);
    assert_non_null(r->w);
    for (size_t j = 0; j < nterm; j++) {
        r->player[j] = players[j];
        mpz_init_set_ui(r->w[j], w[j]);
    }
    mpz_set_ui(r->quota, quota);
    return r;
}

static veto_i_rule_t *kof_new(size_t k, size_t nchild, veto_i_rule_t **kids)
{
    veto_i_rule_t *r = node_new(VETO_I_R_KOF);
    r->k = k;
    r->nchild = nchild;
    r->child = calloc(nchild + 1, sizeof *r->child);
    assert_non_null(r->child);
    for (size_t c = 0; c < nchild; c++) {
        r->child[c] = kids[c];
    }
    return r;
}

static void rule_del(veto_i_rule_t *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t j = 0; j < r->nterm; j++) {
        mpz_clear(r->w[j]);
    }
    for (size_t c = 0; c < r->nchild; c++) {
        rule_del(r->child[c]);
    }
    free(r->player);
    free(r->w);
    free(r->child);
    mpz_clear(r->quota);
    free(r);
}

static void wgame_make(veto_i_wgame_t *g, size_t n, const unsigned long *w,
                       unsigned long quota)
{
    g->n = n;
    g->w = calloc(n, sizeof *g->w);
    assert_non_null(g->w);
    for (size_t i = 0; i < n; i++) {
        mpz_init_set_ui(g->w[i], w[i]);
    }
    mpz_init_set_ui(g->quota, quota);
}

static void wgame_del(veto_i_wgame_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        mpz_clear(g->w[i]);
    }
    free(g->w);
    mpz_clear(g->quota);
    memset(g, 0, sizeof *g);
}

/* The Security Council as [39; 7 x 5, 1 x 10], and as a tree:
 * all(permanent) and count >= 9. */
static void unsc_wgame(veto_i_wgame_t *g)
{
    unsigned long w[15];
    for (size_t i = 0; i < 15; i++) {
        w[i] = i < 5 ? 7 : 1;
    }
    wgame_make(g, 15, w, 39);
}

static veto_i_rule_t *unsc_tree(void)
{
    size_t p[15];
    unsigned long one[15];
    for (size_t i = 0; i < 15; i++) {
        p[i] = i;
        one[i] = 1;
    }
    veto_i_rule_t *kids[2] = {term_new(5, p, one, 5), term_new(15, p, one, 9)};
    return kof_new(2, 2, kids);
}

static void ctx_init(veto_i_ctx_t *ctx, uint64_t seed, uint64_t samples,
                     unsigned threads)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->seed = seed;
    ctx->samples = samples;
    ctx->threads = threads;
}

static void run_ok(veto_i_estimates_t *e, const veto_i_rule_t *r,
                   const veto_i_wgame_t *g, size_t n, bool bz, bool ssi,
                   const double *belief, const veto_i_ctx_t *ctx)
{
    veto_error_t err;
    veto_error_clear(&err);
    veto_i_estimates_init(e);
    veto_status rc =
        veto_i_mc_run(e, r, g, n, bz, ssi, belief, 0, 1, NULL, NULL, ctx, &err);
    if (rc != VETO_OK) {
        fail_msg("veto_i_mc_run: %s (%s)", err.message, veto_strerror(rc));
    }
}

/* Byte-identical estimates (below, with the reproducibility tests). */
static void assert_same(const veto_i_estimates_t *a,
                        const veto_i_estimates_t *b);

/* ---- the brute force: every coalition, our own evaluator --------------- */

static bool brute_eval(const veto_i_rule_t *r, unsigned mask)
{
    switch (r->kind) {
    case VETO_I_R_FALSE:
        return false;
    case VETO_I_R_TRUE:
        return true;
    case VETO_I_R_TERM: {
        mpz_t s;
        mpz_init(s);
        for (size_t j = 0; j < r->nterm; j++) {
            if (mask >> r->player[j] & 1u) {
                mpz_add(s, s, r->w[j]);
            }
        }
        bool v = mpz_cmp(s, r->quota) >= 0;
        mpz_clear(s);
        return v;
    }
    case VETO_I_R_KOF: {
        size_t c = 0;
        for (size_t k = 0; k < r->nchild; k++) {
            c += brute_eval(r->child[k], mask);
        }
        return c >= r->k;
    }
    }
    return false;
}

typedef struct exact {
    size_t n;
    double bz[16], ssi[16], p_win, p_act, p_dec[16];
} exact_t;

static void brute(exact_t *x, const veto_i_rule_t *r, size_t n,
                  const double *belief)
{
    assert_true(n <= 16);
    memset(x, 0, sizeof *x);
    x->n = n;
    unsigned full = (1u << n) - 1;
    bool *win = calloc(full + 1, 1);
    assert_non_null(win);
    for (unsigned s = 0; s <= full; s++) {
        win[s] = brute_eval(r, s);
    }
    double fact[17] = {1};
    for (int k = 1; k <= 16; k++) {
        fact[k] = fact[k - 1] * k;
    }
    for (unsigned s = 0; s <= full; s++) {
        int k = __builtin_popcount(s);
        double pb = 1;
        if (belief != NULL) {
            for (size_t i = 0; i < n; i++) {
                pb *= (s >> i & 1u) ? belief[i] : 1 - belief[i];
            }
        }
        if (win[s]) {
            x->p_win += 1.0 / (double)(full + 1);
            x->p_act += pb;
        }
        for (size_t i = 0; i < n; i++) {
            unsigned with = s | 1u << i, without = s & ~(1u << i);
            if (win[with] != win[without]) {
                x->p_dec[i] += pb;
                if (!(s >> i & 1u)) {
                    x->bz[i] += 2.0 / (double)(full + 1);
                    if (!win[s]) {
                        x->ssi[i] += fact[k] * fact[n - k - 1] / fact[n];
                    }
                }
            }
        }
    }
    free(win);
}

/* Standardised errors (est - p) / sd over all estimates with 0 < p < 1:
 * their mean should be near 0 and their mean square near 1, far more
 * sharply than the conservative intervals can tell. */
typedef struct zstats {
    double sum, sumsq;
    unsigned long count;
} zstats_t;

static void z_add(zstats_t *z, double est, double p, uint64_t N)
{
    if (p > 1e-12 && p < 1 - 1e-12) {
        double d = (est - p) / sqrt(p * (1 - p) / (double)N);
        z->sum += d;
        z->sumsq += d * d;
        z->count++;
    }
}

static void z_game(zstats_t *z, const veto_i_estimates_t *e, const exact_t *x)
{
    for (size_t i = 0; i < x->n; i++) {
        z_add(z, e->bz_abs[i], x->bz[i], e->samples);
        z_add(z, e->ssi[i], x->ssi[i], e->samples);
        z_add(z, e->p_dec[i], x->p_dec[i], e->samples);
    }
    z_add(z, e->p_win, x->p_win, e->samples);
    z_add(z, e->p_act, x->p_act, e->samples);
}

/* Number of estimates outside their intervals. */
static int misses(const veto_i_estimates_t *e, const exact_t *x)
{
    int miss = 0;
    for (size_t i = 0; i < x->n; i++) {
        if (e->have_bz && fabs(e->bz_abs[i] - x->bz[i]) > e->bz_abs_hw[i]) {
            miss++;
        }
        if (e->have_ssi && fabs(e->ssi[i] - x->ssi[i]) > e->ssi_hw[i]) {
            miss++;
        }
        if (e->have_beliefs &&
            fabs(e->p_dec[i] - x->p_dec[i]) > e->p_dec_hw[i]) {
            miss++;
        }
    }
    if (e->have_bz && fabs(e->p_win - x->p_win) > e->p_win_hw) {
        miss++;
    }
    if (e->have_beliefs && fabs(e->p_act - x->p_act) > e->p_act_hw) {
        miss++;
    }
    return miss;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* ---- the generator ------------------------------------------------------ */

static void test_philox_known_answers(void **state)
{
    (void)state;
    /* Random123's kat_vectors for philox4x32-10 */
    static const uint32_t ctr[3][4] = {
        {0, 0, 0, 0},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}};
    static const uint32_t key[3][2] = {
        {0, 0}, {0xffffffff, 0xffffffff}, {0xa4093822, 0x299f31d0}};
    static const uint32_t want[3][4] = {
        {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}};
    for (int t = 0; t < 3; t++) {
        uint32_t out[4];
        veto_i_philox4x32_10(out, ctr[t], key[t]);
        for (int j = 0; j < 4; j++) {
            assert_int_equal(out[j], want[t][j]);
        }
    }
}

static void test_rng_streams(void **state)
{
    (void)state;
    veto_i_rng_t a, b;
    /* the same (seed, block, stream) gives the same numbers */
    veto_i_rng_init(&a, 42, 7, 1);
    veto_i_rng_init(&b, 42, 7, 1);
    for (int i = 0; i < 100; i++) {
        assert_true(veto_i_rng_u64(&a) == veto_i_rng_u64(&b));
    }
    /* another block, stream or seed differs */
    veto_i_rng_init(&a, 42, 7, 1);
    veto_i_rng_init(&b, 42, 8, 1);
    assert_true(veto_i_rng_u64(&a) != veto_i_rng_u64(&b));
    veto_i_rng_init(&b, 42, 7, 2);
    veto_i_rng_init(&a, 42, 7, 1);
    assert_true(veto_i_rng_u64(&a) != veto_i_rng_u64(&b));
    veto_i_rng_init(&b, 43, 7, 1);
    veto_i_rng_init(&a, 42, 7, 1);
    assert_true(veto_i_rng_u64(&a) != veto_i_rng_u64(&b));
    /* bounded draws: in range, and uniform within 5 sigma */
    unsigned long cnt[10] = {0};
    veto_i_rng_init(&a, 1, 0, 0);
    for (int i = 0; i < 100000; i++) {
        uint64_t v = veto_i_rng_below(&a, 10);
        assert_true(v < 10);
        cnt[v]++;
    }
    for (int d = 0; d < 10; d++) {
        assert_true(cnt[d] > 10000 - 475 && cnt[d] < 10000 + 475);
    }
    assert_true(veto_i_rng_below(&a, 1) == 0);
    uint64_t big = UINT64_C(0x8000000000000001);
    for (int i = 0; i < 100; i++) {
        assert_true(veto_i_rng_below(&a, big) < big);
    }
}

/* ---- the Security Council ------------------------------------------------ */

static void check_unsc(const veto_i_estimates_t *e)
{
    for (size_t i = 0; i < 15; i++) {
        double bz = i < 5 ? 848.0 / 16384 : 84.0 / 16384;
        double ssi = i < 5 ? 421.0 / 2145 : 4.0 / 2145;
        if (fabs(e->bz_abs[i] - bz) > e->bz_abs_hw[i]) {
            fail_msg("player %zu: Banzhaf %g +- %g misses %g", i, e->bz_abs[i],
                     e->bz_abs_hw[i], bz);
        }
        if (fabs(e->ssi[i] - ssi) > e->ssi_hw[i]) {
            fail_msg("player %zu: SSI %g +- %g misses %g", i, e->ssi[i],
                     e->ssi_hw[i], ssi);
        }
    }
    /* 848 winning coalitions of 2^15 */
    if (fabs(e->p_win - 848.0 / 32768) > e->p_win_hw) {
        fail_msg("power to act %g +- %g misses %g", e->p_win, e->p_win_hw,
                 848.0 / 32768);
    }
}

static void test_unsc_weighted(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 2026, 200000, 1);
    veto_i_estimates_t e;
    run_ok(&e, NULL, &g, 15, true, true, NULL, &ctx);
    assert_true(e.have_bz && e.have_ssi && !e.have_beliefs);
    assert_int_equal(e.samples, 200000);
    check_unsc(&e);
    /* the intervals are useful: much narrower than Hoeffding's */
    assert_true(e.bz_abs_hw[5] < 0.002);
    assert_true(e.ssi_hw[0] < 0.01);
    assert_non_null(strstr(e.bound, "Bonferroni over 31 estimates"));
    veto_i_estimates_clear(&e);
    veto_i_estimates_clear(&e); /* harmless */
    wgame_del(&g);
}

static void test_unsc_tree(void **state)
{
    (void)state;
    veto_i_rule_t *r = unsc_tree();
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 7, 200000, 2);
    veto_i_estimates_t e;
    run_ok(&e, r, NULL, 15, true, true, NULL, &ctx);
    check_unsc(&e);
    veto_i_estimates_clear(&e);
    rule_del(r);
}

/* Weights beyond 32 bits (64-bit weighted path, scaled by 2^40) and
 * beyond 64 bits (the GMP path, scaled by 2^70): the same game, and with
 * the same seed the same estimates. */
static void test_unsc_wide(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    veto_i_ctx_t ctx;
    veto_i_estimates_t e, ref;
    unsc_wgame(&g);
    ctx_init(&ctx, 99, 50000, 2);
    run_ok(&ref, NULL, &g, 15, true, true, NULL, &ctx);
    for (size_t i = 0; i < 15; i++) {
        mpz_mul_2exp(g.w[i], g.w[i], 40);
    }
    mpz_mul_2exp(g.quota, g.quota, 40);
    run_ok(&e, NULL, &g, 15, true, true, NULL, &ctx);
    assert_same(&ref, &e);
    veto_i_estimates_clear(&e);
    veto_i_estimates_clear(&ref);
    wgame_del(&g);
    unsc_wgame(&g);
    for (size_t i = 0; i < 15; i++) {
        mpz_mul_2exp(g.w[i], g.w[i], 70);
    }
    mpz_mul_2exp(g.quota, g.quota, 70);
    run_ok(&e, NULL, &g, 15, true, true, NULL, &ctx);
    check_unsc(&e);
    veto_i_estimates_clear(&e);
    wgame_del(&g);

    veto_i_rule_t *r = unsc_tree();
    mpz_mul_2exp(r->child[1]->quota, r->child[1]->quota, 80);
    for (size_t j = 0; j < 15; j++) {
        mpz_mul_2exp(r->child[1]->w[j], r->child[1]->w[j], 80);
    }
    run_ok(&e, r, NULL, 15, true, true, NULL, &ctx);
    check_unsc(&e);
    veto_i_estimates_clear(&e);
    rule_del(r);
}

/* The Electoral College (2012-2020 allocation, 538 votes, 270 to win),
 * against exact values from a dynamic programme of our own: for player i,
 * cnt[k][s] = subsets of the others of size k and weight s. Counts are
 * below 2^50, exact in doubles. */
static const unsigned long ec_votes[51] = {
    55, 38, 29, 29, 20, 20, 18, 16, 16, 15, 14, 13, 12, 11, 11, 11, 11,
    10, 10, 10, 10, 9,  9,  9,  8,  8,  7,  7,  7,  6,  6,  6,  6,  6,
    6,  5,  5,  5,  4,  4,  4,  4,  4,  3,  3,  3,  3,  3,  3,  3,  3};

static void ec_exact(double *bz, double *ssi)
{
    enum { N = 51, W = 539, Q = 270 };
    double(*cnt)[W] = calloc(N, sizeof *cnt);
    assert_non_null(cnt);
    for (size_t i = 0; i < N; i++) {
        memset(cnt, 0, N * sizeof *cnt);
        cnt[0][0] = 1;
        size_t m = 0;
        for (size_t j = 0; j < N; j++) {
            if (j == i) {
                continue;
            }
            for (size_t k = m + 1; k-- > 0;) {
                for (size_t s = W; s-- > ec_votes[j];) {
                    cnt[k + 1][s] += cnt[k][s - ec_votes[j]];
                }
            }
            m++;
        }
        bz[i] = 0;
        ssi[i] = 0;
        double binom = 1; /* C(N - 1, k) */
        for (size_t k = 0; k < N; k++) {
            double swings = 0;
            for (size_t s = Q - ec_votes[i]; s < Q; s++) {
                swings += cnt[k][s];
            }
            bz[i] += swings;
            ssi[i] += swings / (N * binom);
            binom = binom * (double)(N - 1 - k) / (double)(k + 1);
        }
        bz[i] /= ldexp(1, N - 1);
    }
    free(cnt);
}

static void test_electoral_college(void **state)
{
    (void)state;
    double bz[51], ssi[51];
    ec_exact(bz, ssi);
    veto_i_wgame_t g;
    wgame_make(&g, 51, ec_votes, 270);
    size_t p[51];
    for (size_t i = 0; i < 51; i++) {
        p[i] = i;
    }
    veto_i_rule_t *r = term_new(51, p, ec_votes, 270);
    zstats_t z = {0};
    for (int path = 0; path < 2; path++) {
        veto_i_ctx_t ctx;
        ctx_init(&ctx, 270, 100000, 2);
        veto_i_estimates_t e;
        run_ok(&e, path ? r : NULL, path ? NULL : &g, 51, true, true, NULL,
               &ctx);
        for (size_t i = 0; i < 51; i++) {
            if (fabs(e.bz_abs[i] - bz[i]) > e.bz_abs_hw[i] ||
                fabs(e.ssi[i] - ssi[i]) > e.ssi_hw[i]) {
                fail_msg("%s path, player %zu: Banzhaf %g +- %g (exact %g), "
                         "SSI %g +- %g (exact %g)",
                         path ? "tree" : "weighted", i, e.bz_abs[i],
                         e.bz_abs_hw[i], bz[i], e.ssi[i], e.ssi_hw[i], ssi[i]);
            }
            z_add(&z, e.bz_abs[i], bz[i], e.samples);
            z_add(&z, e.ssi[i], ssi[i], e.samples);
        }
        veto_i_estimates_clear(&e);
    }
    /* the oracle itself: Shapley-Shubik sums to 1, equal votes get equal
     * values, more votes never less */
    double sum = 0;
    for (size_t i = 0; i < 51; i++) {
        sum += ssi[i];
        if (i > 0) {
            assert_true(ssi[i] <= ssi[i - 1] + 1e-15);
            assert_true(bz[i] <= bz[i - 1] + 1e-15);
        }
    }
    assert_true(fabs(sum - 1) < 1e-12);
    assert_true(bz[2] == bz[3] && ssi[2] == ssi[3]);
    double msq = z.sumsq / (double)z.count;
    print_message("Electoral College: CA Banzhaf %.5f, SSI %.5f; %lu "
                  "estimates: mean z %.3f, mean z^2 %.3f\n",
                  bz[0], ssi[0], z.count, z.sum / (double)z.count, msq);
    assert_true(fabs(z.sum / (double)z.count) < 0.3);
    assert_true(msq > 0.6 && msq < 1.5);
    rule_del(r);
    wgame_del(&g);
}

/* ---- random games against the brute force -------------------------------- */

static veto_i_rule_t *random_tree(uint64_t *rs, size_t n, int depth)
{
    uint64_t pick = splitmix(rs) % 10;
    if (depth >= 3 || pick < 5) {
        size_t p[16];
        unsigned long w[16], total = 0;
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (splitmix(rs) % 3 != 0) {
                p[m] = i;
                w[m] = 1 + splitmix(rs) % 6;
                total += w[m];
                m++;
            }
        }
        if (m == 0) {
            p[0] = splitmix(rs) % n;
            w[0] = 1;
            total = 1;
            m = 1;
        }
        unsigned long q = 1 + splitmix(rs) % total;
        return term_new(m, p, w, q);
    }
    size_t nchild = 2 + splitmix(rs) % 3;
    veto_i_rule_t *kids[4];
    for (size_t c = 0; c < nchild; c++) {
        kids[c] = random_tree(rs, n, depth + 1);
    }
    size_t k = 1 + splitmix(rs) % nchild;
    return kof_new(k, nchild, kids);
}

/* Multiply every weight and quota by 2^bits: the same game, in numbers
 * that need GMP. */
static void rule_scale(veto_i_rule_t *r, unsigned bits)
{
    for (size_t j = 0; j < r->nterm; j++) {
        mpz_mul_2exp(r->w[j], r->w[j], bits);
    }
    mpz_mul_2exp(r->quota, r->quota, bits);
    for (size_t c = 0; c < r->nchild; c++) {
        rule_scale(r->child[c], bits);
    }
}

static void test_random_games(void **state)
{
    (void)state;
    unsigned long games = (unsigned long)vt_count(200);
    unsigned long failed = 0;
    zstats_t z = {0};
    uint64_t master = vt_seed(0x5eed);
    for (unsigned long gi = 0; gi < games; gi++) {
        uint64_t seed = splitmix(&master);
        uint64_t rs = seed;
        size_t n = 3 + splitmix(&rs) % 8;
        bool weighted = gi % 2 == 0;
        veto_i_wgame_t g;
        memset(&g, 0, sizeof g);
        veto_i_rule_t *r;
        if (weighted) {
            unsigned long w[16], total = 0;
            size_t p[16], m = 0;
            unsigned long wn[16];
            for (size_t i = 0; i < n; i++) {
                w[i] = splitmix(&rs) % 10;
                total += w[i];
                if (w[i] > 0) {
                    p[m] = i;
                    wn[m++] = w[i];
                }
            }
            if (m == 0) {
                w[0] = 1;
                total = 1;
                p[0] = 0;
                wn[0] = 1;
                m = 1;
            }
            unsigned long q = 1 + splitmix(&rs) % total;
            wgame_make(&g, n, w, q);
            r = term_new(m, p, wn, q);
        } else {
            r = random_tree(&rs, n, 0);
            if (gi % 4 == 1) {
                rule_scale(r, 64); /* the GMP path */
            }
        }
        double belief[16];
        for (size_t i = 0; i < n; i++) {
            uint64_t t = splitmix(&rs) % 8;
            belief[i] = t == 0   ? 0
                        : t == 1 ? 1
                                 : (double)(splitmix(&rs) % 1000) / 1000;
        }
        exact_t x;
        brute(&x, r, n, belief);
        veto_i_ctx_t ctx;
        ctx_init(&ctx, seed, 3000 + splitmix(&rs) % 3000, 1 + gi % 3);
        veto_i_estimates_t e;
        run_ok(&e, r, weighted ? &g : NULL, n, true, true, belief, &ctx);
        /* Shapley-Shubik sums to 1 on every sample */
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += e.ssi[i];
        }
        assert_true(fabs(sum - 1) < 1e-9);
        z_game(&z, &e, &x);
        int miss = misses(&e, &x);
        if (miss > 0) {
            print_message("game %lu (seed %llu, %s, n %zu): %d misses\n", gi,
                          (unsigned long long)seed,
                          weighted ? "weighted" : "tree", n, miss);
            failed++;
        }
        veto_i_estimates_clear(&e);
        rule_del(r);
        if (weighted) {
            wgame_del(&g);
        }
    }
    /* Simultaneous 99.9% per game: 0.2 games expected to miss in 200;
     * 3 or more would happen with probability about 1e-3 (the allowance
     * grows with the scale, never below 2). */
    assert_true(failed <= vt_count_min(2, 2));
    /* Thousands of standardised errors: the mean square's standard error
     * is about sqrt(2 / count) (more with correlated players), 0.025 at
     * scale 1 (some 3,200 estimates). The bands, 0.1 for the mean and 0.15
     * for the mean square at scale 1, widen as sqrt(3200 / count) when a
     * smaller VETO_TEST_SCALE gives fewer estimates. */
    double mean = z.sum / (double)z.count, msq = z.sumsq / (double)z.count;
    print_message("%lu estimates: mean z %.4f, mean z^2 %.4f\n", z.count, mean,
                  msq);
    assert_true(z.count > 100);
    double widen = z.count < 3200 ? sqrt(3200.0 / (double)z.count) : 1.0;
    assert_true(fabs(mean) < 0.1 * widen);
    assert_true(fabs(msq - 1) < 0.15 * widen);
}

/* ---- the width law and the sample count from epsilon --------------------- */

static void test_width_law(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_ctx_t ctx;
    veto_i_estimates_t a, b;
    /* The half-width is a/sqrt(N) + O(1/N): for the smallest values
     * (0.0019) the second term still adds about 7% to the ratio at this N,
     * and the estimate's own noise about 2%. */
    ctx_init(&ctx, 5, 250000, 2);
    run_ok(&a, NULL, &g, 15, true, true, NULL, &ctx);
    ctx_init(&ctx, 5, 1000000, 2);
    run_ok(&b, NULL, &g, 15, true, true, NULL, &ctx);
    for (size_t i = 0; i < 15; i++) {
        double rb = a.bz_abs_hw[i] / b.bz_abs_hw[i];
        double rs = a.ssi_hw[i] / b.ssi_hw[i];
        if (rb < 1.9 || rb > 2.2 || rs < 1.9 || rs > 2.2) {
            fail_msg("player %zu: width ratios %g %g for 4x the samples", i, rb,
                     rs);
        }
    }
    double rw = a.p_win_hw / b.p_win_hw;
    assert_true(rw > 1.9 && rw < 2.2);
    /* and never wider than Hoeffding's */
    double level = log(2.0 * 31) - log(0.001);
    for (size_t i = 0; i < 15; i++) {
        assert_true(b.bz_abs_hw[i] <= sqrt(level / (2 * 1000000.0)));
    }
    veto_i_estimates_clear(&a);
    veto_i_estimates_clear(&b);
    wgame_del(&g);
}

static void test_samples_from_epsilon(void **state)
{
    (void)state;
    /* ln(2 * 31 / 0.01) / (2 * 0.05^2) = 1746.6... */
    assert_int_equal(veto_i_mc_samples_for(31, 0.05, 0.99), 1747);
    assert_int_equal(veto_i_mc_samples_for(31, 1e-12, 0.999), UINT64_MAX);
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 11, 0, 2);
    ctx.epsilon = 0.05;
    ctx.confidence = 0.99;
    veto_i_estimates_t e;
    run_ok(&e, NULL, &g, 15, true, true, NULL, &ctx);
    assert_int_equal(e.samples, 1747);
    assert_true(e.confidence == 0.99);
    for (size_t i = 0; i < 15; i++) {
        assert_true(e.bz_abs_hw[i] <= 0.05);
        assert_true(e.ssi_hw[i] <= 0.05);
    }
    veto_i_estimates_clear(&e);
    /* the defaults: epsilon 0.01, confidence 0.999 */
    ctx_init(&ctx, 11, 0, 2);
    run_ok(&e, NULL, &g, 15, true, false, NULL, &ctx);
    assert_int_equal(e.samples, veto_i_mc_samples_for(16, 0.01, 0.999));
    assert_true(e.confidence == 0.999);
    veto_i_estimates_clear(&e);
    wgame_del(&g);
}

static void test_halfwidth(void **state)
{
    (void)state;
    double level = log(2.0) - log(0.05); /* one estimate at 95% */
    /* no successes: the upper end solves -N log(1 - p) = level */
    double hw = veto_i_mc_halfwidth(0, 1000, level);
    assert_true(fabs(hw - (1 - exp(-level / 1000))) < 1e-12);
    /* symmetric in c <-> N - c */
    assert_true(fabs(veto_i_mc_halfwidth(300, 1000, level) -
                     veto_i_mc_halfwidth(700, 1000, level)) < 1e-12);
    /* at 1/2 close to Hoeffding's, below it */
    double h = sqrt(level / 2000);
    double mid = veto_i_mc_halfwidth(500, 1000, level);
    assert_true(mid <= h && mid > 0.95 * h);
}

/* ---- reproducibility: threads and ranks -----------------------------------
 */

static void assert_same(const veto_i_estimates_t *a,
                        const veto_i_estimates_t *b)
{
    size_t n = a->n;
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->samples, b->samples);
    assert_int_equal(a->have_bz, b->have_bz);
    assert_int_equal(a->have_ssi, b->have_ssi);
    assert_int_equal(a->have_beliefs, b->have_beliefs);
    if (a->have_bz) {
        assert_memory_equal(a->bz_abs, b->bz_abs, n * sizeof(double));
        assert_memory_equal(a->bz_abs_hw, b->bz_abs_hw, n * sizeof(double));
        assert_memory_equal(&a->p_win, &b->p_win, sizeof(double));
        assert_memory_equal(&a->p_win_hw, &b->p_win_hw, sizeof(double));
    }
    if (a->have_ssi) {
        assert_memory_equal(a->ssi, b->ssi, n * sizeof(double));
        assert_memory_equal(a->ssi_hw, b->ssi_hw, n * sizeof(double));
    }
    if (a->have_beliefs) {
        assert_memory_equal(a->p_dec, b->p_dec, n * sizeof(double));
        assert_memory_equal(a->p_dec_hw, b->p_dec_hw, n * sizeof(double));
        assert_memory_equal(&a->p_act, &b->p_act, sizeof(double));
    }
    assert_string_equal(a->bound, b->bound);
}

static void test_threads_identical(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_rule_t *r = unsc_tree();
    double belief[15];
    for (size_t i = 0; i < 15; i++) {
        belief[i] = 0.3 + 0.04 * (double)i;
    }
    belief[2] = 0;
    for (int path = 0; path < 2; path++) {
        veto_i_estimates_t ref, e;
        veto_i_ctx_t ctx;
        /* 10001 samples: some blocks full, the last one partial */
        ctx_init(&ctx, 77, 10001, 1);
        run_ok(&ref, path ? r : NULL, path ? NULL : &g, 15, true, true, belief,
               &ctx);
        for (unsigned t = 2; t <= 4; t += 2) {
            ctx_init(&ctx, 77, 10001, t);
            run_ok(&e, path ? r : NULL, path ? NULL : &g, 15, true, true,
                   belief, &ctx);
            assert_same(&ref, &e);
            veto_i_estimates_clear(&e);
        }
        /* another seed gives other numbers */
        ctx_init(&ctx, 78, 10001, 1);
        run_ok(&e, path ? r : NULL, path ? NULL : &g, 15, true, true, belief,
               &ctx);
        assert_true(memcmp(ref.bz_abs, e.bz_abs, 15 * sizeof(double)) != 0);
        veto_i_estimates_clear(&e);
        veto_i_estimates_clear(&ref);
    }
    rule_del(r);
    wgame_del(&g);

    /* 100,000 players: beyond the privately counted slots, so that threads
     * also add atomically to the shared counts */
    size_t n = 100000;
    unsigned long *w = malloc(n * sizeof *w);
    assert_non_null(w);
    unsigned long total = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = 1 + (unsigned long)(i * 7919 % 1000);
        total += w[i];
    }
    wgame_make(&g, n, w, total / 2 + 1);
    veto_i_estimates_t ref, e;
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 5, 300, 1);
    run_ok(&ref, NULL, &g, n, true, true, NULL, &ctx);
    ctx_init(&ctx, 5, 300, 3);
    run_ok(&e, NULL, &g, n, true, true, NULL, &ctx);
    assert_same(&ref, &e);
    veto_i_estimates_clear(&e);
    veto_i_estimates_clear(&ref);
    wgame_del(&g);
    free(w);
}

/* Ranks simulated by threads, the reduce an all-reduce over a barrier. */
typedef struct sim {
    pthread_mutex_t mu;
    pthread_barrier_t bar;
    uint64_t *total;
    size_t len;
    int fail_rank; /* this rank cancels through its progress callback */
} sim_t;

static veto_status sim_reduce(void *user, uint64_t *sums, size_t len)
{
    sim_t *s = user;
    pthread_mutex_lock(&s->mu);
    if (s->total == NULL) {
        s->total = calloc(len, sizeof *s->total);
        s->len = len;
    }
    assert_int_equal(s->len, len);
    for (size_t i = 0; i < len; i++) {
        s->total[i] += sums[i];
    }
    pthread_mutex_unlock(&s->mu);
    pthread_barrier_wait(&s->bar);
    memcpy(sums, s->total, len * sizeof *sums);
    /* everybody has read the total: one rank resets it for the next call
     * (the votes at checkpoints come before the counts) while the others
     * wait */
    if (pthread_barrier_wait(&s->bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
        free(s->total);
        s->total = NULL;
    }
    pthread_barrier_wait(&s->bar);
    return VETO_OK;
}

typedef struct rank_job {
    sim_t *sim;
    const veto_i_rule_t *r;
    const veto_i_wgame_t *g;
    const double *belief;
    uint64_t rank, nranks;
    veto_i_ctx_t ctx;
    veto_i_estimates_t est;
    veto_status rc;
    veto_error_t err;
} rank_job_t;

static int cancel_now(void *user, double fraction, const char *stage)
{
    (void)user;
    (void)fraction;
    (void)stage;
    return 1;
}

static void *rank_main(void *arg)
{
    rank_job_t *j = arg;
    veto_i_estimates_init(&j->est);
    veto_error_clear(&j->err);
    if ((int)j->rank == j->sim->fail_rank) {
        j->ctx.progress = cancel_now;
    }
    j->rc =
        veto_i_mc_run(&j->est, j->r, j->g, 15, true, true, j->belief, j->rank,
                      j->nranks, sim_reduce, j->sim, &j->ctx, &j->err);
    return NULL;
}

static void run_ranks(rank_job_t *jobs, uint64_t nranks, const veto_i_rule_t *r,
                      const veto_i_wgame_t *g, const double *belief,
                      unsigned threads, int fail_rank)
{
    sim_t sim;
    memset(&sim, 0, sizeof sim);
    sim.fail_rank = fail_rank;
    pthread_mutex_init(&sim.mu, NULL);
    pthread_barrier_init(&sim.bar, NULL, (unsigned)nranks);
    pthread_t tid[4];
    for (uint64_t k = 0; k < nranks; k++) {
        jobs[k].sim = &sim;
        jobs[k].r = r;
        jobs[k].g = g;
        jobs[k].belief = belief;
        jobs[k].rank = k;
        jobs[k].nranks = nranks;
        ctx_init(&jobs[k].ctx, 1234, 20000, threads);
        assert_int_equal(pthread_create(&tid[k], NULL, rank_main, &jobs[k]), 0);
    }
    for (uint64_t k = 0; k < nranks; k++) {
        pthread_join(tid[k], NULL);
    }
    pthread_barrier_destroy(&sim.bar);
    pthread_mutex_destroy(&sim.mu);
    free(sim.total);
}

static void test_ranks_identical(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_rule_t *r = unsc_tree();
    double belief[15];
    for (size_t i = 0; i < 15; i++) {
        belief[i] = 0.9 - 0.05 * (double)i;
    }
    for (int path = 0; path < 2; path++) {
        const veto_i_rule_t *rr = path ? r : NULL;
        const veto_i_wgame_t *gg = path ? NULL : &g;
        veto_i_estimates_t ref;
        veto_i_ctx_t ctx;
        ctx_init(&ctx, 1234, 20000, 1);
        run_ok(&ref, rr, gg, 15, true, true, belief, &ctx);
        for (uint64_t nranks = 1; nranks <= 4; nranks *= 2) {
            rank_job_t jobs[4];
            memset(jobs, 0, sizeof jobs);
            run_ranks(jobs, nranks, rr, gg, belief, nranks == 2 ? 2 : 1, -1);
            for (uint64_t k = 0; k < nranks; k++) {
                if (jobs[k].rc != VETO_OK) {
                    fail_msg("rank %llu: %s", (unsigned long long)k,
                             jobs[k].err.message);
                }
                assert_same(&ref, &jobs[k].est);
                veto_i_estimates_clear(&jobs[k].est);
            }
        }
        veto_i_estimates_clear(&ref);
    }
    /* one rank cancelled: every rank fails, none hangs */
    rank_job_t jobs[4];
    memset(jobs, 0, sizeof jobs);
    run_ranks(jobs, 4, NULL, &g, NULL, 1, 2);
    for (uint64_t k = 0; k < 4; k++) {
        assert_int_equal(jobs[k].rc, VETO_ECANCELLED);
        assert_null(jobs[k].est.bz_abs);
    }
    rule_del(r);
    wgame_del(&g);
}

/* ---- a million players ------------------------------------------------------
 */

static void test_million_players(void **state)
{
    (void)state;
    size_t n = 1000000;
    veto_i_wgame_t g;
    g.n = n;
    g.w = malloc(n * sizeof *g.w);
    assert_non_null(g.w);
    mpz_init(g.quota);
    /* Zipf weights: holder i has about 10^9 / (i + 1) tokens */
    for (size_t i = 0; i < n; i++) {
        mpz_init_set_ui(g.w[i], 1000000000ul / (i + 1) + 1);
        mpz_add(g.quota, g.quota, g.w[i]);
    }
    mpz_cdiv_q_ui(g.quota, g.quota, 2);
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 1, 24, 2);
    /* O(n) memory: under 128 bytes a player, threads included (the plan
     * is checked against the budget before anything is allocated) */
    ctx.max_memory = 128 * (uint64_t)n;
    veto_i_estimates_t e;
    run_ok(&e, NULL, &g, n, true, true, NULL, &ctx);
    assert_int_equal(e.samples, 24);
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += e.ssi[i];
        assert_true(e.bz_abs[i] >= 0 && e.bz_abs[i] <= 1);
    }
    assert_true(fabs(sum - 1) < 1e-9);
    /* every one of 2n+1 intervals at 24 samples is wide but below 1 */
    assert_true(e.bz_abs_hw[0] > 0.3 && e.bz_abs_hw[0] < 1);
    veto_i_estimates_clear(&e);
    /* a budget too small for O(n) is refused before allocating */
    ctx.max_memory = 4 * (uint64_t)n;
    veto_error_t err;
    veto_error_clear(&err);
    veto_i_estimates_init(&e);
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, n, true, true, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_ELIMIT);
    assert_non_null(strstr(err.message, "memory budget"));
    assert_true(veto_i_mc_estimate_bytes(NULL, &g, n, true, true, false, 2) <
                128 * (uint64_t)n);
    wgame_del(&g);
}

/* Past 2^18 players weighted Shapley-Shubik draws orderings by arrival
 * buckets. Two large players (weights A, B) and K of weight 1, quota q: the
 * exact value of the large ones by their position among the others. */
static double two_big_ssi(double A, double B, double K, double q)
{
    /* player of weight A at a uniform position; r others before it, the
     * other large player among them with probability r / (K + 1) */
    double p = 0;
    for (double r = 0; r <= K + 1; r++) {
        double with = r - 1 + B, without = r;
        if (r >= 1 && with < q && q <= with + A) {
            p += r / (K + 1);
        }
        if (r <= K && without < q && q <= without + A) {
            p += 1 - r / (K + 1);
        }
    }
    return p / (K + 2);
}

static void test_many_players_ssi(void **state)
{
    (void)state;
    size_t K = 263000, n = K + 2;
    unsigned long *w = malloc(n * sizeof *w);
    assert_non_null(w);
    w[0] = 80000;
    w[1] = 36000;
    for (size_t i = 2; i < n; i++) {
        w[i] = 1;
    }
    unsigned long q = 190000;
    veto_i_wgame_t g;
    wgame_make(&g, n, w, q);
    double x0 = two_big_ssi(80000, 36000, (double)K, (double)q);
    double x1 = two_big_ssi(36000, 80000, (double)K, (double)q);
    double xs = (1 - x0 - x1) / (double)K;
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 8, 600, 2);
    veto_i_estimates_t e;
    run_ok(&e, NULL, &g, n, false, true, NULL, &ctx);
    double want[3] = {x0, x1, xs};
    for (size_t i = 0; i < 3; i++) {
        double sd = sqrt(want[i] * (1 - want[i]) / 600);
        if (fabs(e.ssi[i] - want[i]) > e.ssi_hw[i] ||
            fabs(e.ssi[i] - want[i]) > 4.5 * sd) {
            fail_msg("player %zu: SSI %g +- %g, exact %g (sd %g)", i, e.ssi[i],
                     e.ssi_hw[i], want[i], sd);
        }
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += e.ssi[i];
    }
    assert_true(fabs(sum - 1) < 1e-9);
    veto_i_estimates_clear(&e);
    wgame_del(&g);
    free(w);
}

/* ---- edge cases and errors -------------------------------------------------
 */

static void test_constant_and_dummies(void **state)
{
    (void)state;
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 3, 1000, 1);
    veto_i_estimates_t e;
    veto_i_rule_t *t = node_new(VETO_I_R_TRUE);
    run_ok(&e, t, NULL, 4, true, true, NULL, &ctx);
    assert_true(e.p_win == 1);
    for (size_t i = 0; i < 4; i++) {
        assert_true(e.bz_abs[i] == 0 && e.ssi[i] == 0);
    }
    veto_i_estimates_clear(&e);
    rule_del(t);

    /* a weighted game with quota above the total never passes */
    unsigned long w[3] = {1, 2, 0};
    veto_i_wgame_t g;
    wgame_make(&g, 3, w, 4);
    double belief[3] = {1, 1, 1};
    run_ok(&e, NULL, &g, 3, true, true, belief, &ctx);
    assert_true(e.p_win == 0 && e.p_act == 0);
    veto_i_estimates_clear(&e);
    wgame_del(&g);

    /* player 2 has weight 0: a dummy; dictator-like player 0 */
    unsigned long w2[3] = {5, 2, 0};
    wgame_make(&g, 3, w2, 5);
    run_ok(&e, NULL, &g, 3, true, true, belief, &ctx);
    assert_true(e.bz_abs[0] == 1 && e.bz_abs[1] == 0 && e.bz_abs[2] == 0);
    assert_true(e.ssi[0] == 1 && e.ssi[2] == 0);
    assert_true(e.p_act == 1 && e.p_dec[0] == 1 && e.p_dec[2] == 0);
    assert_true(e.bz_abs_hw[2] > 0); /* 0 observed is not 0 proven */
    veto_i_estimates_clear(&e);
    wgame_del(&g);
}

static void test_errors(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_ctx_t ctx;
    ctx_init(&ctx, 1, 100, 1);
    veto_i_estimates_t e;
    veto_i_estimates_init(&e);
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, false, false, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_EMISUSE);
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, NULL, 0, 2,
                                   NULL, NULL, &ctx, &err),
                     VETO_EMISUSE);
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, NULL, 3, 2,
                                   sim_reduce, NULL, &ctx, &err),
                     VETO_EMISUSE);
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 14, true, false, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_EMISUSE);
    double belief[15] = {0};
    belief[3] = 1.5;
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, belief, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_EINVAL);
    belief[3] = NAN;
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, belief, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_EINVAL);
    ctx.epsilon = 2;
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_EMISUSE);
    ctx.epsilon = 0;
    ctx.samples = 0;
    ctx.epsilon = 1e-12;
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_ELIMIT);
    ctx.epsilon = 0;
    ctx.samples = 100;
    /* a player index out of range */
    size_t p[1] = {20};
    unsigned long w[1] = {1};
    veto_i_rule_t *r = term_new(1, p, w, 1);
    assert_int_equal(veto_i_mc_run(&e, r, NULL, 15, true, false, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_EMISUSE);
    rule_del(r);
    /* cancellation through the progress callback */
    ctx.progress = cancel_now;
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, false, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_ECANCELLED);
    assert_null(e.bz_abs);
    wgame_del(&g);
}

/* Stopping at the deadline: with a deadline already past, the run stops
 * at the first checkpoint (one block), deterministically. */
static void test_stop_at_deadline(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_mc_opts_t opts = {.stop_at_deadline = true};
    veto_i_ctx_t ctx;
    veto_i_estimates_t e, ref, full;
    veto_error_t err;
    veto_error_clear(&err);
    for (unsigned t = 1; t <= 4; t *= 2) {
        ctx_init(&ctx, 9, 100000, t);
        ctx.deadline = 1e-9; /* long past */
        veto_i_estimates_init(&e);
        assert_int_equal(veto_i_mc_run_opts(&e, NULL, &g, 15, true, true, NULL,
                                            0, 1, NULL, NULL, &opts, &ctx,
                                            &err),
                         VETO_OK);
        assert_true(e.stopped_early);
        assert_int_equal(e.samples, 1024); /* one block of 15 players */
        assert_int_equal(e.planned, 100000);
        /* 98 blocks: checkpoints 1, 2, ..., 64 and 98 */
        assert_non_null(strstr(e.bound, "x 8 checkpoints"));
        check_unsc(&e);
        if (t == 1) {
            ref = e;
        } else {
            assert_same(&ref, &e);
            veto_i_estimates_clear(&e);
        }
    }
    /* the same counts as a plain run of that one block; wider intervals */
    ctx_init(&ctx, 9, 1024, 1);
    run_ok(&full, NULL, &g, 15, true, true, NULL, &ctx);
    assert_memory_equal(full.bz_abs, ref.bz_abs, 15 * sizeof(double));
    assert_memory_equal(full.ssi, ref.ssi, 15 * sizeof(double));
    assert_true(ref.bz_abs_hw[0] > full.bz_abs_hw[0]);
    veto_i_estimates_clear(&full);
    veto_i_estimates_clear(&ref);

    /* no deadline: it completes, with the wider anytime intervals */
    ctx_init(&ctx, 9, 5000, 2);
    veto_i_estimates_init(&e);
    assert_int_equal(veto_i_mc_run_opts(&e, NULL, &g, 15, true, false, NULL, 0,
                                        1, NULL, NULL, &opts, &ctx, &err),
                     VETO_OK);
    assert_false(e.stopped_early);
    assert_int_equal(e.samples, 5000);
    veto_i_estimates_clear(&e);

    /* without the option the deadline is an error */
    ctx_init(&ctx, 9, 100000, 1);
    ctx.deadline = 1e-9;
    veto_i_estimates_init(&e);
    assert_int_equal(veto_i_mc_run(&e, NULL, &g, 15, true, true, NULL, 0, 1,
                                   NULL, NULL, &ctx, &err),
                     VETO_ETIMEOUT);
    wgame_del(&g);
}

/* A fake clock for the run context: each reading returns one more second
 * than the last (1, 2, 3, ...), so that a deadline of d + 0.5 lets exactly
 * d polls pass and stops the run at the (d + 1)-th, whatever the machine. */
static double tick_clock(void *user)
{
    double *t = user;
    return ++*t;
}

/* Stopped after k checkpoints (issue 14). One thread runs rounds of 4
 * blocks cut at the checkpoints 1, 2, 4, 8, ..., and polls the clock once
 * after each round: the rounds end at blocks 1, 2, 4, 8, 12, 16, 20, 24,
 * 28, 32, ..., so with d polls allowed the run stops at the last
 * checkpoint among the first d + 1 round ends. The estimates are those of
 * a plain run of that many samples (same blocks, same streams), their
 * intervals wider (valid at any of the 8 checkpoints) and still covering
 * the exact values of the Security Council. */
static void test_stop_after_checkpoints(void **state)
{
    (void)state;
    static const struct {
        double polls; /* polls that pass */
        uint64_t blocks;
    } cases[] = {{0, 1},  {1, 2},  {2, 4},  {3, 8},  {4, 8},
                 {5, 16}, {8, 16}, {9, 32}, {17, 64}};
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_mc_opts_t opts = {.stop_at_deadline = true};
    veto_error_t err;
    veto_error_clear(&err);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        veto_i_ctx_t ctx;
        veto_i_estimates_t e, plain;
        double t = 0;
        ctx_init(&ctx, 5, 100000, 1);
        ctx.clock = tick_clock;
        ctx.clock_user = &t;
        ctx.deadline = cases[c].polls + 0.5;
        veto_i_estimates_init(&e);
        assert_int_equal(veto_i_mc_run_opts(&e, NULL, &g, 15, true, true, NULL,
                                            0, 1, NULL, NULL, &opts, &ctx,
                                            &err),
                         VETO_OK);
        assert_true(e.stopped_early);
        assert_int_equal(e.samples, cases[c].blocks * 1024);
        assert_int_equal(e.planned, 100000);
        /* the clock was read once per round, the last one timing out */
        assert_true(t == cases[c].polls + 1);
        assert_non_null(strstr(e.bound, "x 8 checkpoints"));
        check_unsc(&e);
        ctx_init(&ctx, 5, cases[c].blocks * 1024, 1);
        run_ok(&plain, NULL, &g, 15, true, true, NULL, &ctx);
        assert_memory_equal(plain.bz_abs, e.bz_abs, 15 * sizeof(double));
        assert_memory_equal(plain.ssi, e.ssi, 15 * sizeof(double));
        for (size_t i = 0; i < 15; i++) {
            assert_true(e.bz_abs_hw[i] > plain.bz_abs_hw[i]);
            assert_true(e.ssi_hw[i] > plain.ssi_hw[i]);
        }
        veto_i_estimates_clear(&plain);
        veto_i_estimates_clear(&e);
    }
    /* four threads run rounds of 16 blocks cut at the checkpoints (1, 2,
     * 4, 8, 16, 32, 48, 64, ...): seven polls passing stop it at block 64,
     * with the one-thread counts */
    veto_i_ctx_t ctx;
    veto_i_estimates_t e, one;
    double t = 0;
    ctx_init(&ctx, 5, 100000, 4);
    ctx.clock = tick_clock;
    ctx.clock_user = &t;
    ctx.deadline = 7.5;
    veto_i_estimates_init(&e);
    assert_int_equal(veto_i_mc_run_opts(&e, NULL, &g, 15, true, true, NULL, 0,
                                        1, NULL, NULL, &opts, &ctx, &err),
                     VETO_OK);
    assert_true(e.stopped_early);
    assert_int_equal(e.samples, 64 * 1024);
    t = 0;
    ctx.threads = 1;
    ctx.deadline = 17.5;
    veto_i_estimates_init(&one);
    assert_int_equal(veto_i_mc_run_opts(&one, NULL, &g, 15, true, true, NULL, 0,
                                        1, NULL, NULL, &opts, &ctx, &err),
                     VETO_OK);
    assert_same(&one, &e);
    veto_i_estimates_clear(&one);
    veto_i_estimates_clear(&e);
    wgame_del(&g);
}

/* Ranks stopping together (issue 14): each simulated rank has its own fake
 * clock (one second a reading) and deadline. One thread per rank runs
 * rounds of 4 blocks cut at its share of the checkpoints; the ranks vote at
 * each checkpoint (1, 2, 4, ..., 64 and 98 blocks of the run) through the
 * reduce. With two ranks, rank 0 holds blocks 0, 2, 4, ... and rank 1
 * blocks 1, 3, 5, ...: rank 0 polls after its blocks 1, 2, 4, 8, 12, 16,
 * 20, ... and rank 1 reaches checkpoint 1 with no block at all, so both
 * poll once on the way to each of the checkpoints 2 (rank 1 only), 4, 8,
 * 16, twice to 32. A rank whose poll times out when it reaches a
 * checkpoint stops the run there; one that times out between two stops it
 * at the one before. Every rank then holds the sums of the same blocks, so
 * the estimates are those of one process stopped at that checkpoint. */
typedef struct stop_job {
    sim_t *sim;
    const veto_i_wgame_t *g;
    uint64_t rank, nranks;
    veto_i_ctx_t ctx;
    double t; /* the fake clock */
    veto_i_estimates_t est;
    veto_status rc;
    veto_error_t err;
} stop_job_t;

static void *stop_main(void *arg)
{
    stop_job_t *j = arg;
    veto_i_mc_opts_t opts = {.stop_at_deadline = true};
    veto_i_estimates_init(&j->est);
    veto_error_clear(&j->err);
    if ((int)j->rank == j->sim->fail_rank) {
        j->ctx.progress = cancel_now;
    }
    j->rc = veto_i_mc_run_opts(&j->est, NULL, j->g, 15, true, true, NULL,
                               j->rank, j->nranks, sim_reduce, j->sim, &opts,
                               &j->ctx, &j->err);
    return NULL;
}

/* polls[k] readings of rank k's clock pass (fake clock), or a deadline long
 * past on the real clock with polls NULL; max_memory[k] when non-NULL. */
static void run_stop_ranks(stop_job_t *jobs, uint64_t nranks,
                           const veto_i_wgame_t *g, const double *polls,
                           int fail_rank, const uint64_t *max_memory)
{
    sim_t sim;
    memset(&sim, 0, sizeof sim);
    sim.fail_rank = fail_rank;
    pthread_mutex_init(&sim.mu, NULL);
    pthread_barrier_init(&sim.bar, NULL, (unsigned)nranks);
    pthread_t tid[4];
    for (uint64_t k = 0; k < nranks; k++) {
        jobs[k].sim = &sim;
        jobs[k].g = g;
        jobs[k].rank = k;
        jobs[k].nranks = nranks;
        jobs[k].t = 0;
        ctx_init(&jobs[k].ctx, 5, 100000, 1);
        if (polls != NULL) {
            jobs[k].ctx.clock = tick_clock;
            jobs[k].ctx.clock_user = &jobs[k].t;
            jobs[k].ctx.deadline = polls[k] + 0.5;
        } else {
            jobs[k].ctx.deadline = 1e-9; /* long past */
        }
        if (max_memory != NULL) {
            jobs[k].ctx.max_memory = max_memory[k];
        }
        assert_int_equal(pthread_create(&tid[k], NULL, stop_main, &jobs[k]), 0);
    }
    for (uint64_t k = 0; k < nranks; k++) {
        pthread_join(tid[k], NULL);
    }
    pthread_barrier_destroy(&sim.bar);
    pthread_mutex_destroy(&sim.mu);
    free(sim.total);
}

static void test_stop_ranks(void **state)
{
    (void)state;
    static const struct {
        double polls[2];
        uint64_t blocks;
    } cases[] = {
        {{0, 0}, 1},    {{1, 1}, 4},   {{2, 2}, 8},    {{3, 3}, 16},
        {{4, 4}, 16},   {{5, 5}, 32},  {{4, 100}, 16}, {{100, 4}, 16},
        {{5, 100}, 32}, {{0, 100}, 1}, {{100, 0}, 2},
    };
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_mc_opts_t opts = {.stop_at_deadline = true};
    veto_error_t err;
    veto_error_clear(&err);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        stop_job_t jobs[2];
        memset(jobs, 0, sizeof jobs);
        run_stop_ranks(jobs, 2, &g, cases[c].polls, -1, NULL);
        /* one process stopped at the same checkpoint: the same estimates
         * and intervals, byte for byte */
        veto_i_ctx_t ctx;
        veto_i_estimates_t one;
        double t = 0;
        ctx_init(&ctx, 5, 100000, 1);
        ctx.clock = tick_clock;
        ctx.clock_user = &t;
        /* one process polls after blocks 1, 2, 4, 8, 12, 16, 20, ... */
        static const double polls_to[] = {
            [1] = 0, [2] = 1, [4] = 2, [8] = 3, [16] = 5, [32] = 9, [64] = 17};
        ctx.deadline = polls_to[cases[c].blocks] + 0.5;
        veto_i_estimates_init(&one);
        assert_int_equal(veto_i_mc_run_opts(&one, NULL, &g, 15, true, true,
                                            NULL, 0, 1, NULL, NULL, &opts, &ctx,
                                            &err),
                         VETO_OK);
        assert_int_equal(one.samples, cases[c].blocks * 1024);
        for (uint64_t k = 0; k < 2; k++) {
            if (jobs[k].rc != VETO_OK) {
                fail_msg("case %zu rank %llu: %s", c, (unsigned long long)k,
                         jobs[k].err.message);
            }
            if (jobs[k].est.samples != cases[c].blocks * 1024) {
                fail_msg("case %zu rank %llu: %llu samples, not %llu", c,
                         (unsigned long long)k,
                         (unsigned long long)jobs[k].est.samples,
                         (unsigned long long)(cases[c].blocks * 1024));
            }
            assert_true(jobs[k].est.stopped_early);
            assert_int_equal(jobs[k].est.planned, 100000);
            assert_same(&one, &jobs[k].est);
            check_unsc(&jobs[k].est);
            veto_i_estimates_clear(&jobs[k].est);
        }
        veto_i_estimates_clear(&one);
    }

    /* a deadline long past on every rank's clock: all stop at the first
     * checkpoint, one block, whatever the number of ranks */
    veto_i_estimates_t ref;
    for (uint64_t nranks = 1; nranks <= 4; nranks *= 2) {
        stop_job_t jobs[4];
        memset(jobs, 0, sizeof jobs);
        run_stop_ranks(jobs, nranks, &g, NULL, -1, NULL);
        for (uint64_t k = 0; k < nranks; k++) {
            assert_int_equal(jobs[k].rc, VETO_OK);
            assert_int_equal(jobs[k].est.samples, 1024);
            if (nranks == 1) {
                ref = jobs[k].est;
                continue;
            }
            assert_same(&ref, &jobs[k].est);
            veto_i_estimates_clear(&jobs[k].est);
        }
    }
    veto_i_estimates_clear(&ref);

    /* one rank cancelled while voting, or failing before the first vote
     * (over its memory budget): every rank fails, none hangs */
    for (int how = 0; how < 2; how++) {
        stop_job_t jobs[4];
        memset(jobs, 0, sizeof jobs);
        double polls[4] = {100, 100, 100, 100};
        uint64_t mem[4] = {0, 0, 0, 1};
        run_stop_ranks(jobs, 4, &g, polls, how == 0 ? 2 : -1,
                       how == 1 ? mem : NULL);
        for (uint64_t k = 0; k < 4; k++) {
            veto_status want = VETO_ECANCELLED;
            if (how == 1 && k == 3) {
                want = VETO_ELIMIT;
            }
            assert_int_equal(jobs[k].rc, want);
            assert_null(jobs[k].est.bz_abs);
        }
    }
    wgame_del(&g);
}

/* The Security Council's rule (unsc_tree) with each member voting yes,
 * abstaining or no with probability 1/3: the three-valued stopping tests'
 * model. */
typedef struct unsc_thirds {
    size_t n;
    veto_i_rule_t *r;
    mpq_t third[15];
    veto_i_tbelief_t bel;
} unsc_thirds_t;

static void unsc_thirds_make(unsc_thirds_t *u)
{
    memset(u, 0, sizeof *u);
    u->n = 15;
    u->r = unsc_tree();
    for (size_t i = 0; i < u->n; i++) {
        mpq_init(u->third[i]);
        mpq_set_ui(u->third[i], 1, 3);
    }
    u->bel.yes = (const mpq_t *)u->third;
    u->bel.abstain = (const mpq_t *)u->third;
}

static void unsc_thirds_free(unsc_thirds_t *u)
{
    for (size_t i = 0; i < u->n; i++) {
        mpq_clear(u->third[i]);
    }
    rule_del(u->r);
}

/* The three-valued sampler stopped at the deadline (issue 14), with the
 * machinery of the yes/no one. On the Security Council (15 players, every
 * kind, one belief) a block is 4,096 samples, and its checkpoints are at
 * 1, 2, 4, 8, 16 and 25 blocks of the 100,000 samples. The clock is read
 * three times per full block: twice inside it (thread 0 polls after every
 * 2^22 player-reads of estimated work: Banzhaf 728 a sample, roll call
 * 425, the belief 1,073, so after roll-call sample 2,853 and belief
 * sample 3,417) and once after it; but the first block, before any
 * checkpoint, polls inside for cancellation only (no clock), and the last
 * (1,696 samples) once, after it. With d polls passing, poll d + 1 times
 * out: after block k, the run stops there if k is a checkpoint, else at
 * the one before; inside block k, the block is cut and the run stops at
 * the checkpoint before k. The estimates are those of a plain run of that
 * many samples; the intervals are wider (valid at any of the 6
 * checkpoints). */
static void tern_same_estimates(const veto_i_tmc_t *a, const veto_i_tmc_t *b,
                                size_t n)
{
    assert_memory_equal(a->bz, b->bz, n * sizeof(double));
    assert_memory_equal(a->ss, b->ss, n * sizeof(double));
    assert_true(a->p_win == b->p_win);
    assert_true(a->p_act[0] == b->p_act[0]);
    assert_memory_equal(a->na, b->na, n * sizeof(double));
    assert_memory_equal(a->ay, b->ay, n * sizeof(double));
    assert_memory_equal(a->ny, b->ny, n * sizeof(double));
}

static void test_ternary_stop(void **state)
{
    (void)state;
    static const struct {
        double polls;    /* polls that pass */
        uint64_t blocks; /* where it stops */
        bool stopped;
    } cases[] = {
        {0, 1, true},    /* after block 1, a checkpoint */
        {1, 1, true},    /* inside block 2: cut, back to 1 */
        {2, 1, true},    /* inside block 2, later */
        {3, 2, true},    /* after block 2 */
        {4, 2, true},    /* inside block 3 */
        {6, 2, true},    /* after block 3, no checkpoint */
        {10, 4, true},   /* inside block 5 */
        {21, 8, true},   /* after block 8 */
        {46, 16, true},  /* inside block 17 */
        {69, 16, true},  /* after block 24 */
        {70, 25, false}, /* after block 25: complete */
    };
    unsc_thirds_t u;
    unsc_thirds_make(&u);
    size_t n = u.n;
    veto_i_rule_t *r = u.r;
    veto_i_tbelief_t bel = u.bel;
    veto_error_t err;
    veto_error_clear(&err);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        veto_i_ctx_t ctx;
        veto_i_tmc_t e, plain;
        double t = 0;
        ctx_init(&ctx, 7, 100000, 1);
        ctx.clock = tick_clock;
        ctx.clock_user = &t;
        ctx.deadline = cases[c].polls + 0.5;
        veto_status rc = veto_i_ternary_mc_opts(&e, r, n, true, true, &bel, 1,
                                                true, &ctx, &err);
        /* the clock was read until a poll timed out */
        assert_true(t == cases[c].polls + 1);
        assert_int_equal(rc, VETO_OK);
        assert_int_equal(e.block, 4096);
        assert_true(e.stopped_early == cases[c].stopped);
        uint64_t want =
            cases[c].blocks * 4096 < 100000 ? cases[c].blocks * 4096 : 100000;
        if (e.samples != want) {
            fail_msg("%g polls: %llu samples, not %llu", cases[c].polls,
                     (unsigned long long)e.samples, (unsigned long long)want);
        }
        assert_int_equal(e.planned, 100000);
        ctx_init(&ctx, 7, want, 1);
        assert_int_equal(
            veto_i_ternary_mc(&plain, r, n, true, true, &bel, 1, &ctx, &err),
            VETO_OK);
        assert_false(plain.stopped_early);
        tern_same_estimates(&e, &plain, n);
        for (size_t i = 0; i < n; i++) {
            assert_true(e.bz_hw[i] > plain.bz_hw[i]);
            assert_true(e.ss_hw[i] > plain.ss_hw[i]);
            assert_true(e.ny_hw[i] > plain.ny_hw[i]);
        }
        /* a permanent member's ternary Banzhaf is far above an elected
         * one's: the estimates are of this rule */
        assert_true(e.bz[0] > e.bz[5]);
        veto_i_tmc_clear(&plain);
        veto_i_tmc_clear(&e);
    }
    /* without the option the deadline is an error, and nothing is left */
    veto_i_ctx_t ctx;
    veto_i_tmc_t e;
    ctx_init(&ctx, 7, 100000, 1);
    ctx.deadline = 1e-9;
    assert_int_equal(
        veto_i_ternary_mc(&e, r, n, true, true, &bel, 1, &ctx, &err),
        VETO_ETIMEOUT);
    assert_null(e.bz);
    unsc_thirds_free(&u);
}

/* The three-valued sampler on simulated ranks (veto-mpi): block b is rank
 * b mod 2's, the counts are summed by the reduce, and with the deadline
 * the ranks vote at the checkpoints (1, 2 and 4 of the 4 blocks of
 * 13,288 samples on the Security Council, blocks of 4,096). Each rank
 * reads its own fake clock three times per block (twice inside it, once
 * after: test_ternary_stop) and never when it has no block to draw before
 * a checkpoint (rank 1 before checkpoint 1, rank 0 before checkpoint 2).
 * Before checkpoint 1 the polls inside block 0 (rank 0's) heed only
 * cancellation. Cases: rank 1 times out inside its first block (block 1):
 * it votes short of checkpoint 2, and both stop at checkpoint 1; rank 0
 * times out inside block 2 (tick 3: tick 1 came after block 0, tick 2
 * inside block 2): both stop at checkpoint 2; nobody times out: the
 * complete run. Every rank returns the estimates of one process that drew
 * as many samples, to the bit. */
typedef struct tern_job {
    sim_t *sim;
    const veto_i_rule_t *r;
    const veto_i_tbelief_t *bel;
    veto_i_ctx_t ctx;
    double t; /* the fake clock */
    bool anytime;
    veto_i_tmc_t out;
    veto_status rc;
    veto_error_t err;
} tern_job_t;

static void *tern_main(void *arg)
{
    tern_job_t *j = arg;
    veto_error_clear(&j->err);
    j->rc = veto_i_ternary_mc_opts(&j->out, j->r, 15, true, true, j->bel, 1,
                                   j->anytime, &j->ctx, &j->err);
    return NULL;
}

static void test_ternary_ranks(void **state)
{
    (void)state;
    static const struct {
        double polls[2]; /* polls that pass, per rank */
        bool anytime;
        uint64_t samples;
    } cases[] = {
        {{100, 100}, false, 13288},
        {{100, 100}, true, 13288},
        {{100, 0}, true, 4096},
        {{2, 100}, true, 8192},
    };
    unsc_thirds_t u;
    unsc_thirds_make(&u);
    size_t n = u.n;
    veto_i_rule_t *r = u.r;
    veto_i_tbelief_t bel = u.bel;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        sim_t sim;
        memset(&sim, 0, sizeof sim);
        sim.fail_rank = -1;
        pthread_mutex_init(&sim.mu, NULL);
        pthread_barrier_init(&sim.bar, NULL, 2);
        tern_job_t jobs[2];
        pthread_t tid[2];
        memset(jobs, 0, sizeof jobs);
        for (uint64_t k = 0; k < 2; k++) {
            tern_job_t *j = &jobs[k];
            j->sim = &sim;
            j->r = r;
            j->bel = &bel;
            j->anytime = cases[c].anytime;
            ctx_init(&j->ctx, 7, 13288, 1);
            j->ctx.rank = k;
            j->ctx.nranks = 2;
            j->ctx.reduce = sim_reduce;
            j->ctx.reduce_user = &sim;
            j->ctx.clock = tick_clock;
            j->ctx.clock_user = &j->t;
            j->ctx.deadline = cases[c].polls[k] + 0.5;
            assert_int_equal(pthread_create(&tid[k], NULL, tern_main, j), 0);
        }
        for (uint64_t k = 0; k < 2; k++) {
            pthread_join(tid[k], NULL);
        }
        pthread_barrier_destroy(&sim.bar);
        pthread_mutex_destroy(&sim.mu);
        free(sim.total);
        /* one process, as many samples, with (stopped) or without the
         * checkpoints */
        veto_i_ctx_t ctx;
        veto_i_tmc_t one;
        veto_error_t err;
        veto_error_clear(&err);
        ctx_init(&ctx, 7, cases[c].samples, 1);
        bool stopped = cases[c].samples < 13288;
        assert_int_equal(veto_i_ternary_mc_opts(&one, r, n, true, true, &bel, 1,
                                                cases[c].anytime && !stopped,
                                                &ctx, &err),
                         VETO_OK);
        for (uint64_t k = 0; k < 2; k++) {
            tern_job_t *j = &jobs[k];
            if (j->rc != VETO_OK) {
                fail_msg("case %zu rank %llu: %s", c, (unsigned long long)k,
                         j->err.message);
            }
            if (j->out.samples != cases[c].samples) {
                fail_msg("case %zu rank %llu: %llu samples, not %llu", c,
                         (unsigned long long)k,
                         (unsigned long long)j->out.samples,
                         (unsigned long long)cases[c].samples);
            }
            assert_true(j->out.stopped_early == stopped);
            assert_int_equal(j->out.planned, 13288);
            tern_same_estimates(&j->out, &one, n);
            if (!stopped) {
                assert_memory_equal(j->out.bz_hw, one.bz_hw,
                                    n * sizeof(double));
                assert_memory_equal(j->out.ny_hw, one.ny_hw,
                                    n * sizeof(double));
            }
            veto_i_tmc_clear(&j->out);
        }
        veto_i_tmc_clear(&one);
    }
    unsc_thirds_free(&u);
}

/* Every allocation failing in turn: ENOMEM, nothing leaked (ASan). */
static void test_out_of_memory(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    unsc_wgame(&g);
    veto_i_rule_t *r = unsc_tree();
    double belief[15];
    for (size_t i = 0; i < 15; i++) {
        belief[i] = 0.5;
    }
    /* paths 2 and 3 stop at the deadline: the checkpoints' arrays too */
    for (int path = 0; path < 4; path++) {
        bool done = false;
        bool tree = path % 2 == 1;
        veto_i_mc_opts_t opts = {.stop_at_deadline = path >= 2};
        for (uint64_t k = 1; !done && k < 1000; k++) {
            veto_i_ctx_t ctx;
            ctx_init(&ctx, 1, 5000, 1 + (unsigned)(k % 2));
            veto_i_estimates_t e;
            veto_i_estimates_init(&e);
            veto_error_t err;
            veto_error_clear(&err);
            veto_i_alloc_fail_after(k);
            veto_status rc = veto_i_mc_run_opts(
                &e, tree ? r : NULL, tree ? NULL : &g, 15, true, true, belief,
                0, 1, NULL, NULL, &opts, &ctx, &err);
            veto_i_alloc_fail_after(0);
            if (rc == VETO_OK) {
                done = true;
            } else {
                assert_int_equal(rc, VETO_ENOMEM);
                assert_null(e.bz_abs);
            }
            veto_i_estimates_clear(&e);
        }
        assert_true(done);
    }
    /* the three-valued sampler with its checkpoints */
    mpq_t half[15];
    for (size_t i = 0; i < 15; i++) {
        mpq_init(half[i]);
        mpq_set_ui(half[i], 1, 2);
    }
    veto_i_tbelief_t tb = {.yes = (const mpq_t *)half,
                           .abstain = (const mpq_t *)half};
    bool done = false;
    for (uint64_t k = 1; !done && k < 1000; k++) {
        veto_i_ctx_t ctx;
        ctx_init(&ctx, 1, 5000, 1);
        veto_i_tmc_t t;
        veto_error_t err;
        veto_error_clear(&err);
        veto_i_alloc_fail_after(k);
        veto_status rc = veto_i_ternary_mc_opts(&t, r, 15, true, true, &tb, 1,
                                                true, &ctx, &err);
        veto_i_alloc_fail_after(0);
        if (rc == VETO_OK) {
            done = true;
            assert_int_equal(t.samples, 5000);
        } else {
            assert_int_equal(rc, VETO_ENOMEM);
            assert_null(t.bz);
        }
        veto_i_tmc_clear(&t);
    }
    assert_true(done);
    for (size_t i = 0; i < 15; i++) {
        mpq_clear(half[i]);
    }
    rule_del(r);
    wgame_del(&g);
}

int main(void)
{
    vt_begin("test_mc");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_known_answers),
        cmocka_unit_test(test_rng_streams),
        cmocka_unit_test(test_halfwidth),
        cmocka_unit_test(test_unsc_weighted),
        cmocka_unit_test(test_unsc_tree),
        cmocka_unit_test(test_unsc_wide),
        cmocka_unit_test(test_electoral_college),
        cmocka_unit_test(test_random_games),
        cmocka_unit_test(test_width_law),
        cmocka_unit_test(test_samples_from_epsilon),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_ranks_identical),
        cmocka_unit_test(test_million_players),
        cmocka_unit_test(test_many_players_ssi),
        cmocka_unit_test(test_constant_and_dummies),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_stop_at_deadline),
        cmocka_unit_test(test_stop_ranks),
        cmocka_unit_test(test_ternary_stop),
        cmocka_unit_test(test_ternary_ranks),
        cmocka_unit_test(test_stop_after_checkpoints),
        cmocka_unit_test(test_out_of_memory),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
