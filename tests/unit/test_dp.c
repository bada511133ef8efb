/*
 * test_dp.c: the fast weighted dp (src/exact/dp_*.c) against the enumeration
 * engine and a brute force of our own on thousands of random games (every
 * quota from 0 to total + 1, every count and belief), special games (equal
 * weights, zero weights, dictator, unanimity, beliefs 0 and 1), the plain
 * reference dp at n = 200, the US Electoral College of 1992-2000, results
 * that do not depend on the number of threads, and the error paths.
 *
 * VETO_TEST_SCALE multiplies the number of random games; a failure prints
 * the seed of the game.
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

#include "exact/counts.h"
#include "exact/dp_i.h"
#include "random_rule.h"
#include "test_util.h"

#define ALL_NEED                                                               \
    (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI |              \
     VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON |                \
     VETO_I_NEED_PROPER)

/* ---- helpers ---------------------------------------------------------------
 */

/* (next_u64 and rnd, the splitmix64 stream, come from random_rule.h.) */

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

/* The game as a normalised rule for the enumeration engine. */
static veto_i_rule_t *rule_of(const veto_i_wgame_t *g)
{
    veto_i_rule_t *r = calloc(1, sizeof *r);
    assert_non_null(r);
    mpz_init(r->quota);
    mpz_t total, gcd;
    mpz_init(total);
    mpz_init(gcd);
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) > 0) {
            k++;
            mpz_add(total, total, g->w[i]);
            mpz_gcd(gcd, gcd, g->w[i]);
        }
    }
    if (mpz_sgn(g->quota) <= 0) {
        r->kind = VETO_I_R_TRUE;
    } else if (mpz_cmp(g->quota, total) > 0) {
        r->kind = VETO_I_R_FALSE;
    } else {
        r->kind = VETO_I_R_TERM;
        r->nterm = k;
        r->player = calloc(k, sizeof *r->player);
        r->w = calloc(k, sizeof *r->w);
        assert_non_null(r->player);
        assert_non_null(r->w);
        k = 0;
        for (size_t i = 0; i < g->n; i++) {
            if (mpz_sgn(g->w[i]) > 0) {
                r->player[k] = i;
                mpz_init(r->w[k]);
                mpz_divexact(r->w[k], g->w[i], gcd);
                k++;
            }
        }
        mpz_cdiv_q(r->quota, g->quota, gcd);
    }
    mpz_clear(total);
    mpz_clear(gcd);
    return r;
}

static void rule_free_test(veto_i_rule_t *r)
{
    for (size_t j = 0; j < r->nterm; j++) {
        mpz_clear(r->w[j]);
    }
    free(r->w);
    free(r->player);
    mpz_clear(r->quota);
    free(r);
}

static veto_i_ctx_t ctx_make(unsigned threads)
{
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.threads = threads;
    ctx.max_memory = (uint64_t)4 << 30;
    return ctx;
}

static void run_dp(veto_i_counts_t *c, const veto_i_wgame_t *g, unsigned need,
                   unsigned threads)
{
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_ctx_t ctx = ctx_make(threads);
    assert_true(veto_i_counts_init(c, g->n, need));
    veto_status rc = veto_i_dp_counts(c, g, need, &ctx, &err);
    if (rc != VETO_OK) {
        fprintf(stderr, "dp failed: %s\n", err.message);
    }
    assert_int_equal(rc, VETO_OK);
    veto_error_clear(&err);
}

/* ---- brute force of our own -------------------------------------------------
 */

static void brute_counts(veto_i_counts_t *c, const unsigned long *w, size_t n,
                         unsigned long q)
{
    assert_true(veto_i_counts_init(c, n, ALL_NEED));
    size_t N = (size_t)1 << n;
    unsigned long *sum = calloc(N, sizeof *sum);
    assert_non_null(sum);
    for (size_t s = 1; s < N; s++) {
        size_t low = (size_t)__builtin_ctzll(s);
        sum[s] = sum[s & (s - 1)] + w[low];
    }
    mpz_t *by = calloc(n * n + 1, sizeof *by);
    assert_non_null(by);
    for (size_t x = 0; x < n * n; x++) {
        mpz_init(by[x]);
    }
    mpq_t t;
    mpq_init(t);
    bool proper = true, strong = true;
    for (size_t s = 0; s < N; s++) {
        bool win = sum[s] >= q;
        bool cwin = sum[(N - 1) & ~s] >= q;
        if (win && cwin) {
            proper = false;
        }
        if (!win && !cwin) {
            strong = false;
        }
        if (!win) {
            continue;
        }
        mpz_add_ui(c->winning, c->winning, 1);
        unsigned size = (unsigned)__builtin_popcountll(s);
        unsigned crit = 0;
        for (size_t i = 0; i < n; i++) {
            if (((s >> i) & 1) && sum[s] - w[i] < q) {
                crit++;
                /* swing of i through s - i */
                mpz_add_ui(c->swings[i], c->swings[i], 1);
                mpz_add_ui(by[i * n + size - 1], by[i * n + size - 1], 1);
            }
        }
        if (crit == size) {
            mpz_add_ui(c->mwc_total, c->mwc_total, 1);
        }
        for (size_t i = 0; i < n; i++) {
            if (((s >> i) & 1) && sum[s] - w[i] < q) {
                mpq_set_ui(t, 1, crit);
                mpq_add(c->jo_sum[i], c->jo_sum[i], t);
                if (crit == size) {
                    mpz_add_ui(c->mwc[i], c->mwc[i], 1);
                    mpq_set_ui(t, 1, size);
                    mpq_add(c->dpi_sum[i], c->dpi_sum[i], t);
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        veto_i_counts_add_ssi(c, i, (const mpz_t *)(by + i * n));
    }
    c->proper = proper ? VETO_YES : VETO_NO;
    c->strong = strong ? VETO_YES : VETO_NO;
    c->have = ALL_NEED;
    for (size_t x = 0; x < n * n; x++) {
        mpz_clear(by[x]);
    }
    free(by);
    mpq_clear(t);
    free(sum);
}

/* ---- comparison -------------------------------------------------------------
 */

static bool same_counts(const veto_i_counts_t *a, const veto_i_counts_t *b,
                        unsigned need, size_t n, const char *what,
                        uint64_t seed, unsigned long q)
{
    bool ok = true;
#define BAD(...)                                                               \
    do {                                                                       \
        fprintf(stderr,                                                        \
                "seed %llu quota %lu vs %s: ", (unsigned long long)seed, q,    \
                what);                                                         \
        fprintf(stderr, __VA_ARGS__);                                          \
        fprintf(stderr, "\n");                                                 \
        ok = false;                                                            \
    } while (0)
    if ((need & VETO_I_NEED_WINNING) && mpz_cmp(a->winning, b->winning) != 0) {
        BAD("winning differs");
    }
    for (size_t i = 0; i < n && ok; i++) {
        if ((need & VETO_I_NEED_SWINGS) &&
            mpz_cmp(a->swings[i], b->swings[i]) != 0) {
            gmp_fprintf(stderr, "swings[%zu] %Zd vs %Zd\n", i, a->swings[i],
                        b->swings[i]);
            BAD("swings differ");
        }
        if ((need & VETO_I_NEED_SSI) &&
            mpz_cmp(a->ssi_num[i], b->ssi_num[i]) != 0) {
            BAD("ssi_num[%zu] differs", i);
        }
        if ((need & VETO_I_NEED_MWC) && mpz_cmp(a->mwc[i], b->mwc[i]) != 0) {
            gmp_fprintf(stderr, "mwc[%zu] %Zd vs %Zd\n", i, a->mwc[i],
                        b->mwc[i]);
            BAD("mwc differs");
        }
        if ((need & VETO_I_NEED_DPI) &&
            mpq_cmp(a->dpi_sum[i], b->dpi_sum[i]) != 0) {
            BAD("dpi_sum[%zu] differs", i);
        }
        if ((need & VETO_I_NEED_JOHNSTON) &&
            mpq_cmp(a->jo_sum[i], b->jo_sum[i]) != 0) {
            gmp_fprintf(stderr, "jo[%zu] %Qd vs %Qd\n", i, a->jo_sum[i],
                        b->jo_sum[i]);
            BAD("jo_sum differs");
        }
    }
    if ((need & VETO_I_NEED_MWC) && mpz_cmp(a->mwc_total, b->mwc_total) != 0) {
        BAD("mwc_total differs");
    }
    if ((need & VETO_I_NEED_PROPER) &&
        (a->proper != b->proper || a->strong != b->strong)) {
        BAD("proper/strong differ: %d %d vs %d %d", a->proper, a->strong,
            b->proper, b->strong);
    }
#undef BAD
    return ok;
}

/* Everything of one game: dp against enum (and our brute force when
 * brute is set), counts and beliefs in doubles and rationals. */
static void check_game_need(const unsigned long *w, size_t n, unsigned long q,
                            const mpq_t *belief, bool brute, uint64_t seed,
                            unsigned need)
{
    veto_i_wgame_t g;
    game_make(&g, n, w, q);
    veto_i_rule_t *rule = rule_of(&g);
    veto_i_ctx_t ctx = ctx_make(1);
    veto_error_t err;
    memset(&err, 0, sizeof err);

    veto_i_counts_t d, e;
    run_dp(&d, &g, need, 1);
    assert_true(veto_i_counts_init(&e, n, need));
    assert_int_equal(veto_i_enum_counts(&e, rule, n, need, &ctx, &err),
                     VETO_OK);
    bool ok = same_counts(&d, &e, need, n, "enum", seed, q);
    if (brute) {
        veto_i_counts_t b;
        brute_counts(&b, w, n, q);
        ok = same_counts(&d, &b, need, n, "brute force", seed, q) && ok;
        veto_i_counts_clear(&b);
    }
    veto_i_counts_clear(&d);
    veto_i_counts_clear(&e);

    if (belief != NULL) {
        for (int exact = 0; exact <= 1; exact++) {
            veto_i_beliefs_t bd, be;
            assert_true(veto_i_beliefs_init(&bd, n, exact));
            assert_true(veto_i_beliefs_init(&be, n, exact));
            assert_int_equal(
                veto_i_dp_beliefs(&bd, &g, belief, exact, &ctx, &err), VETO_OK);
            veto_status rc =
                veto_i_enum_beliefs(&be, rule, n, belief, exact, &ctx, &err);
            if (rc == VETO_OK) {
                if (fabs(bd.p_act - be.p_act) > 1e-12) {
                    fprintf(stderr,
                            "seed %llu quota %lu: p_act %.17g vs %.17g\n",
                            (unsigned long long)seed, q, bd.p_act, be.p_act);
                    ok = false;
                }
                for (size_t i = 0; i < n; i++) {
                    if (fabs(bd.p_dec[i] - be.p_dec[i]) > 1e-12) {
                        fprintf(
                            stderr,
                            "seed %llu quota %lu: p_dec[%zu] %.17g vs %.17g\n",
                            (unsigned long long)seed, q, i, bd.p_dec[i],
                            be.p_dec[i]);
                        ok = false;
                    }
                    if (exact && mpq_cmp(bd.p_dec_q[i], be.p_dec_q[i]) != 0) {
                        fprintf(stderr,
                                "seed %llu quota %lu: exact p_dec[%zu]\n",
                                (unsigned long long)seed, q, i);
                        ok = false;
                    }
                }
                if (exact && mpq_cmp(bd.p_act_q, be.p_act_q) != 0) {
                    fprintf(stderr, "seed %llu quota %lu: exact p_act\n",
                            (unsigned long long)seed, q);
                    ok = false;
                }
            } else {
                veto_error_clear(&err);
            }
            veto_i_beliefs_clear(&bd);
            veto_i_beliefs_clear(&be);
        }
    }
    if (!ok) {
        fprintf(stderr, "game (seed %llu): [%lu;", (unsigned long long)seed, q);
        for (size_t i = 0; i < n; i++) {
            fprintf(stderr, " %lu", w[i]);
        }
        fprintf(stderr, "]\n");
    }
    assert_true(ok);
    veto_error_clear(&err);
    rule_free_test(rule);
    game_free(&g);
}

static void check_game(const unsigned long *w, size_t n, unsigned long q,
                       const mpq_t *belief, bool brute, uint64_t seed)
{
    check_game_need(w, n, q, belief, brute, seed, ALL_NEED);
}

static void random_beliefs(mpq_t *b, size_t n, uint64_t *s)
{
    static const unsigned long num[] = {0, 1, 1, 1, 2, 3, 7, 1, 5, 1};
    static const unsigned long den[] = {1, 1, 2, 3, 5, 4, 10, 1, 8, 1};
    for (size_t i = 0; i < n; i++) {
        unsigned k = rnd(s, 12);
        if (k < 10) {
            mpq_set_ui(b[i], num[k], den[k]);
        } else {
            mpq_set_ui(b[i], rnd(s, 17), 16);
        }
        mpq_canonicalize(b[i]);
    }
}

/* ---- tests
 * ------------------------------------------------------------------- */

/* 2,000 random games (times the scale), n <= 16, weights up to 60, every
 * quota from 0 to total + 1. Most games are small so that the default run
 * stays short under the sanitizers; every 50th has 13..16 players. */
static void test_random_vs_enum(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(2000);
    mpq_t belief[16];
    for (size_t i = 0; i < 16; i++) {
        mpq_init(belief[i]);
    }
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(1000 + gi), s = seed;
        size_t n = gi % 50 == 49 ? 13 + rnd(&s, 4) : 1 + rnd(&s, 9);
        static const unsigned maxws[6] = {60, 10, 4, 20, 10, 4};
        unsigned maxw = maxws[gi % 6];
        if (n >= 13) {
            maxw = 12;
        }
        unsigned long w[16], total = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = rnd(&s, 8) == 0 ? 0 : 1 + rnd(&s, maxw);
            total += w[i];
        }
        random_beliefs(belief, n, &s);
        for (unsigned long q = 0; q <= total + 1; q++) {
            bool beliefs = n <= 12 && (q % 5 == 0 || n <= 4);
            /* the costly Johnston recursion (d^2 m q) on every fourth
             * quota of the heavier games */
            unsigned need = ALL_NEED;
            if ((n >= 13 || total > 120) && q % 4 != 0) {
                need &= ~(unsigned)VETO_I_NEED_JOHNSTON;
            }
            check_game_need(w, n, q, beliefs ? (const mpq_t *)belief : NULL,
                            n <= 8 && q % 4 == 0, seed, need);
        }
    }
    for (size_t i = 0; i < 16; i++) {
        mpq_clear(belief[i]);
    }
}

/* dp with the typed recurrence forced on (typed = 1) or off (0). */
static void run_dp_typed(veto_i_counts_t *c, const veto_i_wgame_t *g,
                         unsigned need, int typed)
{
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_ctx_t ctx = ctx_make(1);
    assert_true(veto_i_counts_init(c, g->n, need));
    veto_status rc = veto_i_dp_counts_typed(c, g, need, typed, &ctx, &err);
    if (rc != VETO_OK) {
        fprintf(stderr, "dp (typed %d) failed: %s\n", typed, err.message);
    }
    assert_int_equal(rc, VETO_OK);
    veto_error_clear(&err);
}

/* Players drawn from few distinct weights (1 to 4 of them, a zero weight
 * now and then), so that types have several members. */
static size_t typed_game(unsigned long *w, size_t nmax, size_t nmin,
                         unsigned maxw, uint64_t *s, unsigned long *total)
{
    size_t n = nmin + rnd(s, (unsigned)(nmax - nmin + 1));
    unsigned long pool[4];
    size_t d = 1 + rnd(s, 4);
    for (size_t k = 0; k < d; k++) {
        pool[k] = rnd(s, 10) == 0 ? 0 : 1 + rnd(s, maxw);
    }
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = pool[rnd(s, (unsigned)d)];
        *total += w[i];
    }
    return n;
}

/* The game [q; w] of a failed comparison, on stderr. */
static void print_game(uint64_t seed, unsigned long q, const unsigned long *w,
                       size_t n)
{
    fprintf(stderr, "game (seed %llu): [%lu;", (unsigned long long)seed, q);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, " %lu", w[i]);
    }
    fprintf(stderr, "]\n");
}

/* n weights 0..60 (0 one time in ten); returns their total. */
static unsigned long draw_weights(unsigned long *w, size_t n, uint64_t *s)
{
    unsigned long total = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = rnd(s, 10) == 0 ? 0 : 1 + rnd(s, 60);
        total += w[i];
    }
    return total;
}

/* Game gi of the sweep and total tests' small series, into g and w (n <=
 * nmax <= 100): every third from few distinct weights (typed_game, weights
 * to 30), the others 1..nmax players weighing 0..60; the quota *q anywhere
 * in 0 .. total + 1. Returns n. */
static size_t small_game(veto_i_wgame_t *g, unsigned long *w, size_t nmax,
                         size_t gi, uint64_t *s, unsigned long *q)
{
    unsigned long total;
    size_t n;
    if (gi % 3 == 0) {
        n = typed_game(w, nmax, 1, 30, s, &total);
    } else {
        n = 1 + rnd(s, (unsigned)nmax);
        total = draw_weights(w, n, s);
    }
    *q = rnd(s, (unsigned)(total + 2));
    game_make(g, n, w, *q);
    return n;
}

/* Game gi of their larger series: every other from few distinct weights
 * (typed_game, 20..nmax players, weights to 40), the others 20..60
 * players weighing 1..200; the quota between a quarter and three quarters
 * of the total. Returns n. */
static size_t large_game(veto_i_wgame_t *g, unsigned long *w, size_t nmax,
                         size_t gi, uint64_t *s, unsigned long *q)
{
    unsigned long total = 0;
    size_t n;
    if (gi % 2 == 0) {
        n = typed_game(w, nmax, 20, 40, s, &total);
    } else {
        n = 20 + rnd(s, 41);
        for (size_t i = 0; i < n; i++) {
            w[i] = 1 + rnd(s, 200);
            total += w[i];
        }
    }
    *q = total / 4 + rnd(s, (unsigned)(total / 2 + 1));
    game_make(g, n, w, *q);
    return n;
}

/* 2,000 random games with few distinct weights (times the scale), n <= 14:
 * the typed recurrence equal to the pass per player and to enum, for
 * Shapley-Shubik, Deegan-Packel (with Holler) and Johnston together and
 * each alone (they share one job but fill different items); then 40
 * larger games (n 20..90) typed against untyped alone. */
static void test_typed(void **state)
{
    (void)state;
    size_t games = (size_t)(2000 * vt_scale());
    const unsigned needs[4] = {ALL_NEED, VETO_I_NEED_SSI,
                               VETO_I_NEED_DPI | VETO_I_NEED_MWC,
                               VETO_I_NEED_JOHNSTON};
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(500000 + gi), s = seed;
        unsigned long w[100], total;
        size_t n = typed_game(w, 14, 1, gi % 3 == 0 ? 40 : 9, &s, &total);
        unsigned long q = rnd(&s, (unsigned)(total + 2));
        unsigned need = needs[gi % 4];
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        veto_i_rule_t *rule = rule_of(&g);
        veto_i_ctx_t ctx = ctx_make(1);
        veto_error_t err;
        memset(&err, 0, sizeof err);
        veto_i_counts_t t, u, e;
        run_dp_typed(&t, &g, need, 1);
        run_dp_typed(&u, &g, need, 0);
        assert_true(veto_i_counts_init(&e, n, need));
        assert_int_equal(veto_i_enum_counts(&e, rule, n, need, &ctx, &err),
                         VETO_OK);
        bool ok = same_counts(&t, &u, need, n, "untyped dp", seed, q);
        ok = same_counts(&t, &e, need, n, "enum", seed, q) && ok;
        if (!ok) {
            print_game(seed, q, w, n);
        }
        assert_true(ok);
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        veto_i_counts_clear(&e);
        rule_free_test(rule);
        game_free(&g);
    }
    /* Johnston, whose typed runs are taken even when every weight is
     * distinct: 1,000 random games (times the scale), n <= 12, weights up
     * to 60, typed against the old recursion by classes. */
    size_t jgames = (size_t)(1000 * vt_scale());
    for (size_t gi = 0; gi < jgames; gi++) {
        uint64_t seed = vt_seed(700000 + gi), s = seed;
        size_t n = 1 + rnd(&s, 12);
        unsigned long w[16], total = draw_weights(w, n, &s);
        unsigned long q = rnd(&s, (unsigned)(total + 2));
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        veto_i_counts_t t, u;
        run_dp_typed(&t, &g, VETO_I_NEED_JOHNSTON, 1);
        run_dp_typed(&u, &g, VETO_I_NEED_JOHNSTON, 0);
        assert_true(same_counts(&t, &u, VETO_I_NEED_JOHNSTON, n,
                                "the old Johnston", seed, q));
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        game_free(&g);
    }
    size_t big = (size_t)(40 * vt_scale());
    const unsigned sized = VETO_I_NEED_SSI | VETO_I_NEED_DPI | VETO_I_NEED_MWC |
                           VETO_I_NEED_JOHNSTON;
    for (size_t gi = 0; gi < big; gi++) {
        uint64_t seed = vt_seed(900000 + gi), s = seed;
        unsigned long w[100], total;
        size_t n = typed_game(w, 90, 20, 12, &s, &total);
        unsigned long q = total / 4 + rnd(&s, (unsigned)(total / 2 + 1));
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        veto_i_counts_t t, u;
        run_dp_typed(&t, &g, sized, 1);
        run_dp_typed(&u, &g, sized, 0);
        assert_true(same_counts(&t, &u, sized, n, "untyped dp", seed, q));
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        game_free(&g);
    }
}

/* Johnston by the sweep over the excess classes (typed = 2): equal to the
 * old recursion by classes (typed = 0) and to our brute force on 1,000
 * random games (times the scale), n <= 12, weights up to 60 (every third
 * game from few distinct weights, so that types have several members),
 * every quota now and then; then 30 larger games (n 20..80, distinct and
 * repeated weights) against the old recursion and the typed runs. */
static void test_johnston_sweep(void **state)
{
    (void)state;
    size_t games = (size_t)(1000 * vt_scale());
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(800000 + gi), s = seed;
        unsigned long w[100], q;
        veto_i_wgame_t g;
        size_t n = small_game(&g, w, 12, gi, &s, &q);
        veto_i_counts_t t, u, b;
        run_dp_typed(&t, &g, VETO_I_NEED_JOHNSTON, 2);
        run_dp_typed(&u, &g, VETO_I_NEED_JOHNSTON, 0);
        brute_counts(&b, w, n, q);
        bool ok = same_counts(&t, &u, VETO_I_NEED_JOHNSTON, n,
                              "the old Johnston", seed, q);
        ok = same_counts(&t, &b, VETO_I_NEED_JOHNSTON, n, "brute force", seed,
                         q) &&
             ok;
        if (!ok) {
            print_game(seed, q, w, n);
        }
        assert_true(ok);
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        veto_i_counts_clear(&b);
        game_free(&g);
    }
    size_t big = (size_t)(30 * vt_scale());
    for (size_t gi = 0; gi < big; gi++) {
        uint64_t seed = vt_seed(850000 + gi), s = seed;
        unsigned long w[100], q;
        veto_i_wgame_t g;
        size_t n = large_game(&g, w, 80, gi, &s, &q);
        veto_i_counts_t t, u, v;
        run_dp_typed(&t, &g, VETO_I_NEED_JOHNSTON, 2);
        run_dp_typed(&u, &g, VETO_I_NEED_JOHNSTON, 0);
        run_dp_typed(&v, &g, VETO_I_NEED_JOHNSTON, 1);
        assert_true(same_counts(&t, &u, VETO_I_NEED_JOHNSTON, n,
                                "the old Johnston", seed, q));
        assert_true(same_counts(&t, &v, VETO_I_NEED_JOHNSTON, n,
                                "typed Johnston", seed, q));
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        veto_i_counts_clear(&v);
        game_free(&g);
    }
}

/* The minimal winning coalitions by size: mwc_k[], mwc[], dpi_sum[] and
 * the total equal between two routes. */
static bool same_mwc_sizes(const veto_i_counts_t *a, const veto_i_counts_t *b,
                           size_t n, const char *what, uint64_t seed,
                           unsigned long q)
{
    bool ok =
        same_counts(a, b, VETO_I_NEED_MWC | VETO_I_NEED_DPI, n, what, seed, q);
    /* x = 0: the totals row; x = 1 + i: player i's row (its class's) */
    for (size_t x = 0; x < (n + 1) * (n + 1) && ok; x++) {
        size_t i = x / (n + 1), s = x % (n + 1);
        mpz_srcptr va =
            i == 0 ? a->mwc_k[s] : veto_i_counts_mwc_row(a, i - 1)[s];
        mpz_srcptr vb =
            i == 0 ? b->mwc_k[s] : veto_i_counts_mwc_row(b, i - 1)[s];
        if (mpz_cmp(va, vb) != 0) {
            gmp_fprintf(stderr,
                        "seed %llu quota %lu vs %s: mwc_k (player row "
                        "%zu, size %zu) %Zd vs %Zd\n",
                        (unsigned long long)seed, q, what, i, s, va, vb);
            ok = false;
        }
    }
    return ok;
}

/* The sweep for the minimal winning coalitions by size (dp_sweep.c, the
 * route of Deegan-Packel, Felsenthal and WS with many distinct weights)
 * against mwc_prime by size (typed 0, the old route) on 1,000 random games
 * (times the scale), n <= 12, every kind of quota, a third with few
 * distinct weights, and against our brute force; then 30 larger games
 * (n 20..60). */
static void test_mwc_sweep(void **state)
{
    (void)state;
    const unsigned need = VETO_I_NEED_DPI | VETO_I_NEED_SIZES;
    size_t games = (size_t)vt_count(1000);
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(700000 + gi), s = seed;
        unsigned long w[100], q;
        veto_i_wgame_t g;
        size_t n = small_game(&g, w, 12, gi, &s, &q);
        veto_i_counts_t t, u, b;
        run_dp_typed(&t, &g, need, 2);
        run_dp_typed(&u, &g, need, 0);
        brute_counts(&b, w, n, q);
        bool ok = same_mwc_sizes(&t, &u, n, "mwc_prime by size", seed, q);
        ok = same_counts(&t, &b, VETO_I_NEED_MWC | VETO_I_NEED_DPI, n,
                         "brute force", seed, q) &&
             ok;
        if (!ok) {
            print_game(seed, q, w, n);
        }
        assert_true(ok);
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        veto_i_counts_clear(&b);
        game_free(&g);
    }
    size_t big = (size_t)vt_count(30);
    for (size_t gi = 0; gi < big; gi++) {
        uint64_t seed = vt_seed(750000 + gi), s = seed;
        unsigned long w[100], q;
        veto_i_wgame_t g;
        size_t n = large_game(&g, w, 60, gi, &s, &q);
        veto_i_counts_t t, u;
        run_dp_typed(&t, &g, need, 2);
        run_dp_typed(&u, &g, need, 0);
        assert_true(same_mwc_sizes(&t, &u, n, "mwc_prime by size", seed, q));
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        game_free(&g);
    }
}

/* The total-only pass for the number of minimal winning coalitions
 * (NEED_MWC_TOTAL) against the Holler pass's total and a brute force:
 * 1,000 random games (times the scale) with n <= 14, weights 0..60 and
 * every kind of quota (0 and above the total included), then 40 larger
 * ones (n 30..200, weights 1..30) whose quota runs from a tenth to all of
 * the total, so that the bound on the count by the coalitions' sizes takes
 * fewer primes than m + 1 bits would (quotas far from half), also against
 * the typed job, which does not use that bound. */
static void test_mwc_total(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(1000);
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(900000 + gi), s = seed;
        unsigned long w[100], q;
        veto_i_wgame_t g;
        size_t n = small_game(&g, w, 14, gi, &s, &q);
        veto_i_counts_t t, h, b;
        run_dp(&t, &g, VETO_I_NEED_MWC_TOTAL, 1);
        run_dp(&h, &g, VETO_I_NEED_MWC, 1);
        brute_counts(&b, w, n, q);
        assert_true(t.have & VETO_I_NEED_MWC_TOTAL);
        bool ok = mpz_cmp(t.mwc_total, h.mwc_total) == 0 &&
                  mpz_cmp(t.mwc_total, b.mwc_total) == 0;
        if (!ok) {
            gmp_fprintf(stderr, "mwc total: alone %Zd, Holler %Zd, brute %Zd\n",
                        t.mwc_total, h.mwc_total, b.mwc_total);
            print_game(seed, q, w, n);
        }
        assert_true(ok);
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&h);
        veto_i_counts_clear(&b);
        game_free(&g);
    }
    size_t big = (size_t)vt_count(40);
    for (size_t gi = 0; gi < big; gi++) {
        uint64_t seed = vt_seed(950000 + gi), s = seed;
        unsigned long w[200], total = 0;
        size_t n = 30 + rnd(&s, 171);
        for (size_t i = 0; i < n; i++) {
            w[i] = 1 + rnd(&s, 30);
            total += w[i];
        }
        unsigned long q = total / 10 + rnd(&s, (unsigned)(total * 9 / 10 + 1));
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        /* the typed job takes m + 1 bits of primes whatever the game: a
         * reference for the bound by sizes */
        veto_i_counts_t t, h, y;
        run_dp(&t, &g, VETO_I_NEED_MWC_TOTAL, 2);
        run_dp(&h, &g, VETO_I_NEED_MWC, 2);
        run_dp_typed(&y, &g, VETO_I_NEED_DPI, 1);
        bool ok = mpz_cmp(t.mwc_total, h.mwc_total) == 0 &&
                  mpz_cmp(t.mwc_total, y.mwc_total) == 0;
        if (!ok) {
            gmp_fprintf(stderr,
                        "mwc total (seed %llu, n %zu, q %lu): alone %Zd, "
                        "Holler %Zd, typed %Zd\n",
                        (unsigned long long)seed, n, q, t.mwc_total,
                        h.mwc_total, y.mwc_total);
        }
        assert_true(ok);
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&h);
        veto_i_counts_clear(&y);
        game_free(&g);
    }
}

static void check_all_quotas(const unsigned long *w, size_t n, uint64_t seed)
{
    unsigned long total = 0;
    for (size_t i = 0; i < n; i++) {
        total += w[i];
    }
    mpq_t belief[16];
    uint64_t s = seed;
    for (size_t i = 0; i < 16; i++) {
        mpq_init(belief[i]);
    }
    random_beliefs(belief, n, &s);
    for (unsigned long q = 0; q <= total + 1; q++) {
        check_game(w, n, q, (const mpq_t *)belief, n <= 10, seed);
    }
    for (size_t i = 0; i < 16; i++) {
        mpq_clear(belief[i]);
    }
}

static void test_special_games(void **state)
{
    (void)state;
    static const unsigned long eq[] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    static const unsigned long zero[] = {0, 5, 0, 2, 2, 0, 7, 1, 0};
    static const unsigned long allzero[] = {0, 0, 0, 0};
    static const unsigned long dict[] = {100, 1, 2, 3, 4, 5};
    static const unsigned long big[] = {1000000007, 1000000007, 2000000014,
                                        1000000007};
    static const unsigned long mixed[] = {6, 6, 6, 4, 4, 2, 2, 2, 1, 1, 9};
    check_all_quotas(eq, 10, 1);
    check_all_quotas(zero, 9, 2);
    check_all_quotas(allzero, 4, 3);
    check_all_quotas(dict, 6, 4);
    check_all_quotas(mixed, 11, 5);
    /* a gcd of 10^9 + 7: the reduced game is [ceil(q / g); 1, 1, 2, 1] */
    mpq_t belief[4];
    for (size_t i = 0; i < 4; i++) {
        mpq_init(belief[i]);
        mpq_set_ui(belief[i], i + 1, 5);
    }
    for (unsigned long q = 0; q <= 5000000036ul; q += 333333333ul) {
        check_game(big, 4, q, (const mpq_t *)belief, true, 6);
    }
    for (size_t i = 0; i < 4; i++) {
        mpq_clear(belief[i]);
    }
    /* unanimity and majority of equal players, beliefs 0 and 1 */
    unsigned long ones[12];
    for (size_t i = 0; i < 12; i++) {
        ones[i] = 1;
    }
    mpq_t b[12];
    for (size_t i = 0; i < 12; i++) {
        mpq_init(b[i]);
        mpq_set_ui(b[i], i % 3 == 0 ? 0 : (i % 3 == 1 ? 1 : 1),
                   i % 3 == 2 ? 2 : 1);
    }
    check_game(ones, 12, 12, (const mpq_t *)b, true, 7);
    check_game(ones, 12, 7, (const mpq_t *)b, true, 7);
    check_game(ones, 12, 1, (const mpq_t *)b, true, 7);
    for (size_t i = 0; i < 12; i++) {
        mpq_clear(b[i]);
    }
}

/* Closed forms: unanimity of n: one swing each, Shapley 1/n, one minimal
 * winning coalition of size n; a dictator has everything. */
static void test_closed_forms(void **state)
{
    (void)state;
    unsigned long w[40];
    for (size_t i = 0; i < 40; i++) {
        w[i] = 1;
    }
    veto_i_wgame_t g;
    game_make(&g, 40, w, 40);
    veto_i_counts_t c;
    run_dp(&c, &g, ALL_NEED & ~(unsigned)VETO_I_NEED_JOHNSTON, 2);
    mpz_t f;
    mpz_init(f);
    mpz_fac_ui(f, 39);
    assert_int_equal(mpz_cmp_ui(c.winning, 1), 0);
    assert_int_equal(mpz_cmp_ui(c.mwc_total, 1), 0);
    for (size_t i = 0; i < 40; i++) {
        assert_int_equal(mpz_cmp_ui(c.swings[i], 1), 0);
        assert_int_equal(mpz_cmp(c.ssi_num[i], f), 0);
        assert_int_equal(mpz_cmp_ui(c.mwc[i], 1), 0);
    }
    assert_int_equal(c.proper, VETO_YES);
    assert_int_equal(c.strong, VETO_NO);
    veto_i_counts_clear(&c);
    game_free(&g);
    mpz_clear(f);
}

/* dp by the table of dp_ssi.c (typed = 0, no power series: route 0). */
static void run_dp_table(veto_i_counts_t *c, const veto_i_wgame_t *g,
                         unsigned need)
{
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_ctx_t ctx = ctx_make(1);
    assert_true(veto_i_counts_init(c, g->n, need));
    veto_status rc = veto_i_dp_counts_route(c, g, need, 0, 0, &ctx, &err);
    if (rc != VETO_OK) {
        fprintf(stderr, "dp (table) failed: %s\n", err.message);
    }
    assert_int_equal(rc, VETO_OK);
    veto_error_clear(&err);
}

/* The counts by size (swings_k, mwc_k: what veto indices reads for
 * Coleman-Shapley, PHX, F, Felsenthal and WS) by the typed recurrence equal
 * those of the pass per player (the table for Shapley-Shubik, mwc_prime by
 * size), with the other counts, on 300 random games with few distinct
 * weights (times the scale: 1,200 in make check-full), n 1..40, weights
 * 0..12, every kind of quota. */
static void test_typed_sizes(void **state)
{
    (void)state;
    const unsigned need = VETO_I_NEED_SSI | VETO_I_NEED_DPI | VETO_I_NEED_SIZES;
    size_t games = (size_t)vt_count(300);
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(960000 + gi), s = seed;
        unsigned long w[100], total;
        size_t n = typed_game(w, 40, 1, 12, &s, &total);
        unsigned long q = rnd(&s, (unsigned)(total + 2));
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        veto_i_counts_t t, u;
        run_dp_typed(&t, &g, need, 1);
        run_dp_typed(&u, &g, need, 0);
        bool ok =
            same_counts(&t, &u, VETO_I_NEED_SSI, n, "untyped dp", seed, q) &&
            same_mwc_sizes(&t, &u, n, "untyped dp", seed, q);
        for (size_t x = 0; ok && x < n * n; x++) {
            mpz_srcptr vt = veto_i_counts_swings_row(&t, x / n)[x % n];
            mpz_srcptr vu = veto_i_counts_swings_row(&u, x / n)[x % n];
            if (mpz_cmp(vt, vu) != 0) {
                gmp_fprintf(stderr,
                            "seed %llu: swings_k (player %zu, size "
                            "%zu) typed %Zd, untyped %Zd\n",
                            (unsigned long long)seed, x / n, x % n, vt, vu);
                ok = false;
            }
        }
        if (!ok) {
            print_game(seed, q, w, n);
        }
        assert_true(ok);
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        game_free(&g);
    }
}

/* The primes of the dp's CRT, for every bits up to 700: the fewest whose
 * product P reaches 2^bits (P >= 2^bits, and without the last prime below
 * it), distinct, descending and between 2^30 and 2^31; 2^bits - 1 and
 * 2^(bits - 1) come back from their residues. */
static void test_crt_edge(void **state)
{
    (void)state;
    mpz_t P, v, back, lim;
    mpz_inits(P, v, back, lim, NULL);
    u32 res[32], digit[32];
    for (u64 bits = 0; bits <= 700; bits++) {
        crt_t c;
        veto_error_t err;
        memset(&err, 0, sizeof err);
        assert_int_equal(dp_crt_init(&c, bits, &err), VETO_OK);
        assert_int_equal(c.r, dp_crt_count(bits));
        assert_true(c.r >= 1 && c.r <= 32);
        mpz_set_ui(P, 1);
        for (size_t j = 0; j < c.r; j++) {
            assert_true(c.p[j] > (1u << 30) && c.p[j] < (1u << 31));
            assert_true(j == 0 || c.p[j] < c.p[j - 1]);
            if (j + 1 == c.r && j > 0) { /* one prime fewer: too small */
                assert_true(mpz_sizeinbase(P, 2) <= bits);
            }
            mpz_mul_ui(P, P, c.p[j]);
        }
        mpz_set_ui(lim, 0);
        mpz_setbit(lim, bits);
        assert_true(mpz_cmp(P, lim) >= 0);
        for (int x = 0; x < 2 && bits > 0; x++) {
            mpz_set_ui(v, 0);
            mpz_setbit(v, bits - 1);
            if (x == 0) {
                mpz_sub_ui(v, lim, 1);
            }
            for (size_t j = 0; j < c.r; j++) {
                res[j] = (u32)mpz_fdiv_ui(v, c.p[j]);
            }
            dp_crt_value(back, &c, res, 1, digit);
            assert_int_equal(mpz_cmp(back, v), 0);
        }
        dp_crt_clear(&c);
    }
    /* 10 primes reach 2^309 (their product has 310 bits), not 2^310 */
    assert_int_equal(dp_crt_count(309), 10);
    assert_int_equal(dp_crt_count(310), 11);
    mpz_clears(P, v, back, lim, NULL);
}

/* The majority game of n equal players by the table of dp_ssi.c: each player
 * swings in C(n - 1, h) coalitions, all of size h = quota - 1, and gets
 * Shapley-Shubik 1/n ((n - 1)! / n!). Shapley-Shubik asks for values below 2^m:
 * at n = 309 the 10 primes whose product has 310 bits, at the edge (the count
 * by 30 bits a prime took 11), with C(308, 154), a number of 304 bits, among
 * the values; at n = 310, 11. */
static void test_ssi_modulus_edge(void **state)
{
    (void)state;
    mpz_t f, b;
    mpz_inits(f, b, NULL);
    for (size_t n = 309; n <= 310; n++) {
        unsigned long w[310];
        for (size_t i = 0; i < n; i++) {
            w[i] = 1;
        }
        unsigned long quota = n / 2 + 1, h = quota - 1;
        veto_i_wgame_t g;
        game_make(&g, n, w, quota);
        veto_i_counts_t c;
        run_dp_table(&c, &g, VETO_I_NEED_SSI | VETO_I_NEED_SIZES);
        mpz_fac_ui(f, n - 1);
        mpz_bin_uiui(b, n - 1, h);
        assert_true(mpz_sizeinbase(b, 2) >= 303);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(mpz_cmp(c.ssi_num[i], f), 0);
            for (size_t k = 0; k < n; k++) {
                mpz_srcptr sk = veto_i_counts_swings_row(&c, i)[k];
                if (k == h) {
                    assert_int_equal(mpz_cmp(sk, b), 0);
                } else {
                    assert_int_equal(mpz_sgn(sk), 0);
                }
            }
        }
        veto_i_counts_clear(&c);
        game_free(&g);
    }
    mpz_clears(f, b, NULL);
}

/* Shapley-Shubik by the table (players in groups of 8 through
 * each sweep, skewed and prefetched, in dp_ssi.c) against the typed
 * recurrence (typed = 1) on 40 games (times the scale) of 20 to 100
 * players with weights up to 300, mostly distinct, so that the sweeps take
 * many groups and the last one is partial; every eighth game, smaller,
 * also against the reference dp. */
static void test_ssi_groups(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(40);
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(424242 + gi), s = seed;
        bool ref = gi % 8 == 0;
        size_t n = ref ? 20 + rnd(&s, 8) : 20 + rnd(&s, 81);
        unsigned maxw = ref ? 40 : 1 + (unsigned)rnd(&s, 300);
        unsigned long w[100], total = 0;
        for (size_t i = 0; i < n; i++) {
            w[i] = rnd(&s, 12) == 0 ? 0 : 1 + rnd(&s, maxw);
            total += w[i];
        }
        unsigned long q = 1 + rnd(&s, (unsigned)total + 1);
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        const unsigned need = VETO_I_NEED_SSI;
        veto_i_counts_t t, u;
        run_dp_table(&u, &g, need);
        run_dp_typed(&t, &g, need, 1);
        assert_true(same_counts(&u, &t, need, n, "typed dp", seed, q));
        if (ref) {
            veto_i_ctx_t ctx = ctx_make(1);
            veto_error_t err;
            memset(&err, 0, sizeof err);
            veto_i_counts_t r;
            assert_true(veto_i_counts_init(&r, n, need));
            assert_int_equal(veto_i_dpref_counts(&r, &g, need, &ctx, &err),
                             VETO_OK);
            assert_true(same_counts(&u, &r, need, n, "dpref", seed, q));
            veto_i_counts_clear(&r);
            veto_error_clear(&err);
        }
        veto_i_counts_clear(&t);
        veto_i_counts_clear(&u);
        game_free(&g);
    }
}

/* n = 200 against the plain reference dp. */
static void test_vs_dpref(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(3);
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(77 + gi), s = seed;
        size_t n = 200;
        unsigned long w[200], total = 0;
        unsigned maxw = gi % 2 == 0 ? 20 : 3;
        for (size_t i = 0; i < n; i++) {
            w[i] = rnd(&s, 10) == 0 ? 0 : 1 + rnd(&s, maxw);
            total += w[i];
        }
        unsigned long q = total / 2 + 1 + gi;
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        unsigned need = VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS;
        if (gi % 2 == 1) {
            need |= VETO_I_NEED_SSI;
        }
        veto_i_counts_t d, r;
        run_dp(&d, &g, need, 2);
        veto_i_ctx_t ctx = ctx_make(1);
        veto_error_t err;
        memset(&err, 0, sizeof err);
        assert_true(veto_i_counts_init(&r, n, need));
        veto_status rc = veto_i_dpref_counts(&r, &g, need, &ctx, &err);
        if (rc != VETO_OK) {
            fprintf(stderr, "dpref: %s\n", err.message);
        }
        assert_int_equal(rc, VETO_OK);
        assert_true(same_counts(&d, &r, need, n, "dpref", seed, q));
        veto_i_counts_clear(&d);
        veto_i_counts_clear(&r);
        veto_error_clear(&err);
        game_free(&g);
    }
}

/* US Electoral College, 1990 apportionment (elections 1992-2000): 50
 * states and DC, 538 votes, quota 270. California (54) swings in
 * 525,180,666,785,903 coalitions. */
static void test_electoral_college(void **state)
{
    (void)state;
    static const unsigned long ev[51] = {
        54, 9,  3, 8,  6,  8,  8,  3, 3,  25, 13, 4, 4,  22, 12, 7,  6,
        8,  9,  4, 10, 12, 18, 10, 7, 11, 3,  5,  4, 4,  15, 5,  33, 14,
        3,  21, 8, 7,  23, 4,  8,  3, 11, 32, 5,  3, 13, 11, 5,  11, 3};
    unsigned long total = 0;
    for (size_t i = 0; i < 51; i++) {
        total += ev[i];
    }
    assert_int_equal(total, 538);
    veto_i_wgame_t g;
    game_make(&g, 51, ev, 270);
    veto_i_counts_t c;
    run_dp(&c, &g,
           VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI |
               VETO_I_NEED_MWC,
           2);
    mpz_t want;
    mpz_init_set_str(want, "525180666785903", 10);
    assert_int_equal(mpz_cmp(c.swings[0], want), 0);
    /* and the same from the reference dp, Shapley-Shubik included */
    veto_i_counts_t r;
    veto_i_ctx_t ctx = ctx_make(1);
    veto_error_t err;
    memset(&err, 0, sizeof err);
    unsigned need = VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI;
    assert_true(veto_i_counts_init(&r, 51, need));
    assert_int_equal(veto_i_dpref_counts(&r, &g, need, &ctx, &err), VETO_OK);
    assert_true(same_counts(&c, &r, need, 51, "dpref", 0, 270));
    veto_i_counts_clear(&r);
    veto_i_counts_clear(&c);
    mpz_clear(want);
    game_free(&g);
}

/* One thread or four: the same numbers. */
static void test_threads(void **state)
{
    (void)state;
    uint64_t s = vt_seed(5);
    unsigned long w[120], total = 0;
    for (size_t i = 0; i < 120; i++) {
        w[i] = 1 + rnd(&s, 50);
        total += w[i];
    }
    veto_i_wgame_t g;
    game_make(&g, 120, w, total / 2 + 1);
    unsigned need = ALL_NEED & ~(unsigned)VETO_I_NEED_JOHNSTON;
    veto_i_counts_t a, b;
    run_dp(&a, &g, need, 1);
    run_dp(&b, &g, need, 4);
    assert_true(same_counts(&a, &b, need, 120, "4 threads", 5, total / 2 + 1));
    veto_i_counts_clear(&a);
    veto_i_counts_clear(&b);
    game_free(&g);
}

/* ---- ranks ------------------------------------------------------------------
 */

/* veto-mpi's ranks simulated by threads: the reduce is an all-reduce over
 * a barrier, as MPI_Allreduce would be. */
typedef struct sim {
    pthread_mutex_t mu;
    pthread_barrier_t bar;
    uint64_t *total;
    size_t len;
} sim_t;

static veto_status sim_reduce(void *user, uint64_t *sums, size_t len)
{
    sim_t *sm = user;
    pthread_mutex_lock(&sm->mu);
    if (sm->total == NULL) {
        sm->total = calloc(len == 0 ? 1 : len, sizeof *sm->total);
        sm->len = len;
    }
    bool same_len = sm->len == len;
    for (size_t i = 0; i < len && same_len; i++) {
        sm->total[i] += sums[i];
    }
    pthread_mutex_unlock(&sm->mu);
    pthread_barrier_wait(&sm->bar);
    if (same_len) {
        memcpy(sums, sm->total, len * sizeof *sums);
    }
    if (pthread_barrier_wait(&sm->bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
        free(sm->total);
        sm->total = NULL;
    }
    pthread_barrier_wait(&sm->bar);
    return same_len ? VETO_OK : VETO_EIO;
}

typedef struct rank_job {
    sim_t *sim;
    const veto_i_wgame_t *g;
    unsigned need;
    uint64_t rank, nranks;
    veto_i_counts_t c;
    veto_status rc;
    veto_error_t err;
} rank_job_t;

static void *rank_main(void *arg)
{
    rank_job_t *j = arg;
    veto_i_ctx_t ctx = ctx_make(1);
    ctx.rank = j->rank;
    ctx.nranks = j->nranks;
    ctx.reduce = sim_reduce;
    ctx.reduce_user = j->sim;
    memset(&j->err, 0, sizeof j->err);
    j->rc = veto_i_dp_counts(&j->c, j->g, j->need, &ctx, &j->err);
    return NULL;
}

/* Every count of random games (the table for Shapley-Shubik, the sweep
 * for Johnston and the minimal winning coalitions, the typed recurrence,
 * Banzhaf) over 2, 3 and 4 simulated ranks, each taking its share of the
 * primes and summing the residues (two to a 64-bit sum) through the
 * reduce: every rank has the counts of one process. */
static void test_ranks(void **state)
{
    (void)state;
    uint64_t s = vt_seed(22);
    size_t games = (size_t)vt_count_min(12, 3);
    for (size_t it = 0; it < games; it++) {
        uint64_t seed = s;
        unsigned long w[80], total = 0;
        size_t n = 20 + rnd(&s, 61);
        bool typed = it % 3 == 2;
        for (size_t i = 0; i < n; i++) {
            w[i] = typed ? 1 + 7 * rnd(&s, 3) : 1 + rnd(&s, 120);
            total += w[i];
        }
        unsigned long q = total / 3 + 1 + rnd(&s, total / 3);
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        unsigned need = ALL_NEED & ~(unsigned)VETO_I_NEED_PROPER;
        veto_i_counts_t ref;
        run_dp(&ref, &g, need, 1);
        for (uint64_t nranks = 2; nranks <= 4; nranks++) {
            sim_t sim;
            memset(&sim, 0, sizeof sim);
            pthread_mutex_init(&sim.mu, NULL);
            pthread_barrier_init(&sim.bar, NULL, (unsigned)nranks);
            rank_job_t jobs[4];
            pthread_t tid[4];
            memset(jobs, 0, sizeof jobs);
            for (uint64_t k = 0; k < nranks; k++) {
                jobs[k].sim = &sim;
                jobs[k].g = &g;
                jobs[k].need = need;
                jobs[k].rank = k;
                jobs[k].nranks = nranks;
                assert_true(veto_i_counts_init(&jobs[k].c, n, need));
                assert_int_equal(
                    pthread_create(&tid[k], NULL, rank_main, &jobs[k]), 0);
            }
            for (uint64_t k = 0; k < nranks; k++) {
                pthread_join(tid[k], NULL);
            }
            char what[32];
            snprintf(what, sizeof what, "%llu ranks",
                     (unsigned long long)nranks);
            for (uint64_t k = 0; k < nranks; k++) {
                if (jobs[k].rc != VETO_OK) {
                    fail_msg("seed %llu rank %llu: %s",
                             (unsigned long long)seed, (unsigned long long)k,
                             jobs[k].err.message);
                }
                if (!same_counts(&ref, &jobs[k].c, need, n, what, seed, q)) {
                    print_game(seed, q, w, n);
                    fail();
                }
                veto_i_counts_clear(&jobs[k].c);
                veto_error_clear(&jobs[k].err);
            }
            pthread_barrier_destroy(&sim.bar);
            pthread_mutex_destroy(&sim.mu);
            free(sim.total);
        }
        veto_i_counts_clear(&ref);
        game_free(&g);
    }
}

/* Over the budget: ELIMIT with advice, before anything large is made; the
 * estimate grows with what is asked. */
static void test_budget(void **state)
{
    (void)state;
    unsigned long w[300];
    for (size_t i = 0; i < 300; i++) {
        w[i] = 1000 + i;
    }
    veto_i_wgame_t g;
    game_make(&g, 300, w, 200000);
    uint64_t bz = veto_i_dp_estimate(&g, VETO_I_NEED_SWINGS);
    uint64_t ssi = veto_i_dp_estimate(&g, VETO_I_NEED_SSI);
    assert_true(bz > 200000 * 4);
    assert_true(ssi > 20 * bz);
    veto_i_ctx_t ctx = ctx_make(1);
    ctx.max_memory = bz * 2;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_counts_t c;
    assert_true(veto_i_counts_init(&c, 300, VETO_I_NEED_SSI));
    assert_int_equal(veto_i_dp_counts(&c, &g, VETO_I_NEED_SSI, &ctx, &err),
                     VETO_ELIMIT);
    assert_non_null(strstr(err.hint, "mc"));
    veto_error_clear(&err);
    veto_i_counts_clear(&c);
    assert_true(veto_i_counts_init(&c, 300, VETO_I_NEED_SWINGS));
    assert_int_equal(veto_i_dp_counts(&c, &g, VETO_I_NEED_SWINGS, &ctx, &err),
                     VETO_OK);
    veto_i_counts_clear(&c);
    game_free(&g);
}

static int cancel_now(void *user, double fraction, const char *stage)
{
    (void)fraction;
    (void)stage;
    int *calls = user;
    return ++*calls >= 2;
}

static void test_cancel(void **state)
{
    (void)state;
    unsigned long w[200];
    for (size_t i = 0; i < 200; i++) {
        w[i] = 1 + (i * 37) % 500;
    }
    veto_i_wgame_t g;
    game_make(&g, 200, w, 25000);
    veto_i_ctx_t ctx = ctx_make(1);
    int calls = 0;
    ctx.progress = cancel_now;
    ctx.progress_user = &calls;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_counts_t c;
    assert_true(veto_i_counts_init(&c, 200, VETO_I_NEED_SSI));
    assert_int_equal(veto_i_dp_counts(&c, &g, VETO_I_NEED_SSI, &ctx, &err),
                     VETO_ECANCELLED);
    veto_error_clear(&err);
    veto_i_counts_clear(&c);
    game_free(&g);
}

/* Our brute force of the counts by size, one row per player: sw[i * n +
 * k] the swings of i through coalitions of size k, mw[i * (n + 1) + s]
 * the minimal winning coalitions of size s containing i, mt[s] all of
 * size s (arrays initialised by the caller, zero). */
static void brute_size_rows(mpz_t *sw, mpz_t *mw, mpz_t *mt,
                            const unsigned long *w, size_t n, unsigned long q)
{
    size_t N = (size_t)1 << n;
    for (size_t s = 0; s < N; s++) {
        unsigned long sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += ((s >> i) & 1) ? w[i] : 0;
        }
        if (sum < q) {
            continue;
        }
        size_t size = (size_t)__builtin_popcountll(s), crit = 0;
        for (size_t i = 0; i < n; i++) {
            if (((s >> i) & 1) && sum - w[i] < q) {
                crit++;
                mpz_add_ui(sw[i * n + size - 1], sw[i * n + size - 1], 1);
            }
        }
        if (crit != size) {
            continue;
        }
        mpz_add_ui(mt[size], mt[size], 1);
        for (size_t i = 0; i < n; i++) {
            if ((s >> i) & 1) {
                mpz_add_ui(mw[i * (n + 1) + size], mw[i * (n + 1) + size], 1);
            }
        }
    }
}

/* c's counts by size read through its row classes equal the per-player
 * rows of the brute force; false (with the place on stderr) if not. */
static bool rows_match(const veto_i_counts_t *c, mpz_t *sw, mpz_t *mw,
                       mpz_t *mt, size_t n, const char *what, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k <= n; k++) {
            mpz_srcptr a = veto_i_counts_mwc_row(c, i)[k];
            mpz_srcptr b = mw[i * (n + 1) + k];
            bool ok = mpz_cmp(a, b) == 0 && mpz_cmp(c->mwc_k[k], mt[k]) == 0;
            if (ok && k < n) {
                a = veto_i_counts_swings_row(c, i)[k];
                b = sw[i * n + k];
                ok = mpz_cmp(a, b) == 0;
            }
            if (!ok) {
                gmp_fprintf(stderr,
                            "seed %llu, %s: player %zu (row class %zu of "
                            "%zu), size %zu: %Zd, brute force %Zd (all "
                            "minimal winning %Zd, brute force %Zd)\n",
                            (unsigned long long)seed, what, i, c->row_of[i],
                            c->nrows, k, a, b, c->mwc_k[k], mt[k]);
                return false;
            }
        }
    }
    return true;
}

/* Counts by size are kept once per row class: dp's classes are the weight
 * classes of the reduced game (weights capped at the quota) and one for
 * the players of weight 0, a trivial game one class; bdd's its levels.
 * Read through the classes, every player's rows equal the per-player rows
 * of our brute force, by the typed recurrence, the pass per player and
 * the power series, on 400 random games with few distinct weights (times
 * the scale), n 1..13, every kind of quota. */
static void test_size_rows(void **state)
{
    (void)state;
    const unsigned need = VETO_I_NEED_SSI | VETO_I_NEED_DPI | VETO_I_NEED_SIZES;
    const int how[][2] = {{1, 0}, {0, 0}, {-1, 1}}; /* typed, route */
    const char *const name[] = {"dp typed", "dp per player", "dp power series",
                                "bdd"};
    size_t games = (size_t)vt_count(400);
    for (size_t gi = 0; gi < games; gi++) {
        uint64_t seed = vt_seed(990000 + gi), s = seed;
        unsigned long w[16], total;
        size_t n = typed_game(w, 13, 1, 12, &s, &total);
        unsigned long q = rnd(&s, (unsigned)(total + 2));
        veto_i_wgame_t g;
        game_make(&g, n, w, q);
        mpz_t *sw = calloc(n * n, sizeof *sw),
              *mw = calloc(n * (n + 1), sizeof *mw),
              *mt = calloc(n + 1, sizeof *mt);
        assert_true(sw != NULL && mw != NULL && mt != NULL);
        for (size_t x = 0; x < n * (n + 1); x++) {
            mpz_init(mw[x]);
            if (x < n * n) {
                mpz_init(sw[x]);
            }
            if (x <= n) {
                mpz_init(mt[x]);
            }
        }
        brute_size_rows(sw, mw, mt, w, n, q);
        /* the weight classes: distinct min(w, q) of the positive weights,
         * and the weight-0 players; one class when the game is trivial */
        bool trivial = q == 0 || q > total, zero = false;
        size_t classes = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned long wi = w[i] < q ? w[i] : q;
            bool first = true;
            for (size_t j = 0; j < i && first; j++) {
                first = (w[j] < q ? w[j] : q) != wi;
            }
            zero = zero || w[i] == 0;
            classes += first && w[i] > 0;
        }
        classes = trivial ? 1 : classes + zero;
        for (size_t e = 0; e < 4; e++) {
            veto_i_counts_t c;
            veto_error_t err;
            memset(&err, 0, sizeof err);
            veto_i_ctx_t ctx = ctx_make(1);
            assert_true(veto_i_counts_init(&c, n, need));
            veto_status rc;
            veto_i_rule_t *rule = NULL;
            if (e < 3) {
                rc = veto_i_dp_counts_route(&c, &g, need, how[e][0], how[e][1],
                                            &ctx, &err);
            } else {
                rule = rule_of(&g);
                rc = veto_i_bdd_counts(&c, rule, n, need, NULL, &ctx, &err);
            }
            if (rc != VETO_OK) {
                fprintf(stderr, "%s failed: %s\n", name[e], err.message);
            }
            assert_int_equal(rc, VETO_OK);
            bool ok = true;
            if (e < 3) {
                ok = c.nrows == classes;
                for (size_t i = 0; i < n && ok; i++) {
                    for (size_t j = 0; j < n && ok; j++) {
                        bool same = trivial || (w[i] < q ? w[i] : q) ==
                                                   (w[j] < q ? w[j] : q);
                        ok = (c.row_of[i] == c.row_of[j]) == same;
                    }
                }
                if (!ok) {
                    fprintf(stderr,
                            "seed %llu, %s: %zu row classes, %zu "
                            "weight classes\n",
                            (unsigned long long)seed, name[e], c.nrows,
                            classes);
                }
            } else {
                ok = (c.have & VETO_I_NEED_SIZES) && c.nrows == c.levels;
            }
            ok = ok && rows_match(&c, sw, mw, mt, n, name[e], seed);
            if (!ok) {
                print_game(seed, q, w, n);
            }
            assert_true(ok);
            veto_i_counts_clear(&c);
            if (rule != NULL) {
                rule_free_test(rule);
            }
            veto_error_clear(&err);
        }
        for (size_t x = 0; x < n * (n + 1); x++) {
            mpz_clear(mw[x]);
            if (x < n * n) {
                mpz_clear(sw[x]);
            }
            if (x <= n) {
                mpz_clear(mt[x]);
            }
        }
        free(sw);
        free(mw);
        free(mt);
        game_free(&g);
    }
}

/* veto_i_counts_rows refuses misuse: classes set twice, a player's class
 * out of range, no class for players; without sizes asked it does
 * nothing; NULL gives one class per player. */
static void test_rows_misuse(void **state)
{
    (void)state;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_i_counts_t c;
    const size_t bad[3] = {0, 2, 1}, good[3] = {1, 0, 1};
    assert_true(veto_i_counts_init(&c, 3, VETO_I_NEED_SSI | VETO_I_NEED_SIZES));
    assert_int_equal(veto_i_counts_rows(&c, 2, bad, &err), VETO_EMISUSE);
    veto_error_clear(&err);
    assert_int_equal(veto_i_counts_rows(&c, 0, good, &err), VETO_EMISUSE);
    veto_error_clear(&err);
    assert_int_equal(veto_i_counts_rows(&c, 4, good, &err), VETO_EMISUSE);
    veto_error_clear(&err);
    assert_null(c.swings_k);
    assert_int_equal(veto_i_counts_rows(&c, 2, good, &err), VETO_OK);
    assert_int_equal(c.nrows, 2);
    assert_non_null(c.swings_k);
    assert_null(c.mwc_k); /* DPI not asked */
    mpz_set_ui(veto_i_counts_swings_row(&c, 0)[2], 7);
    assert_int_equal(mpz_get_ui(veto_i_counts_swings_row(&c, 2)[2]), 7);
    assert_int_equal(mpz_sgn(veto_i_counts_swings_row(&c, 1)[2]), 0);
    assert_int_equal(veto_i_counts_rows(&c, 2, good, &err), VETO_EMISUSE);
    veto_error_clear(&err);
    veto_i_counts_clear(&c);
    veto_i_counts_clear(&c); /* harmless */
    assert_true(veto_i_counts_init(&c, 3, VETO_I_NEED_DPI | VETO_I_NEED_SIZES));
    assert_int_equal(veto_i_counts_rows(&c, 0, NULL, &err), VETO_OK);
    assert_int_equal(c.nrows, 3);
    assert_int_equal(c.row_of[2], 2);
    assert_non_null(c.mwc_k);
    veto_i_counts_clear(&c);
    assert_true(veto_i_counts_init(&c, 3, VETO_I_NEED_SSI));
    assert_int_equal(veto_i_counts_rows(&c, 2, good, &err), VETO_OK);
    assert_int_equal(c.nrows, 0);
    assert_null(c.swings_k);
    veto_i_counts_clear(&c);
}

int main(void)
{
    vt_begin("test_dp");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_special_games),
        cmocka_unit_test(test_electoral_college),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_vs_dpref),
        cmocka_unit_test(test_random_vs_enum),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_johnston_sweep),
        cmocka_unit_test(test_mwc_total),
        cmocka_unit_test(test_mwc_sweep),
        cmocka_unit_test(test_typed_sizes),
        cmocka_unit_test(test_size_rows),
        cmocka_unit_test(test_rows_misuse),
        cmocka_unit_test(test_crt_edge),
        cmocka_unit_test(test_ssi_modulus_edge),
        cmocka_unit_test(test_ssi_groups),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
