/*
 * test_enum.c: the enumeration engine against published figures, against a
 * naive count written from the definitions (one coalition at a time through
 * veto_i_rule_eval) on random games and rule trees, invariants, and beliefs
 * against brute force in doubles and exact rationals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

#include <cmocka.h>

#include "test_util.h"
#include "exact/counts.h"
#include "rule/rule_i.h"

#define ALL_NEEDS                                                              \
    (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI |              \
     VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON |                \
     VETO_I_NEED_PROPER)

/* ---- rules by hand -------------------------------------------------------- */

/* sum w[i] x_i >= q over players 0..n-1 (zero weights dropped). */
static veto_i_rule_t *wterm(const long *w, size_t n, long q)
{
    veto_i_rule_t *r = veto_i_rule_term_new(n);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) {
        r->player[i] = i;
        mpz_set_si(r->w[i], w[i]);
    }
    mpz_set_si(r->quota, q);
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

static veto_i_rule_t *kof(long k, size_t nc, ...)
{
    veto_i_rule_t **kids = veto_i_mallocarray(nc, sizeof *kids);
    va_list ap;
    va_start(ap, nc);
    for (size_t c = 0; c < nc; c++) {
        kids[c] = va_arg(ap, veto_i_rule_t *);
    }
    va_end(ap);
    veto_i_rule_t *r = veto_i_rule_kof_make(k, kids, nc);
    assert_non_null(r);
    return r;
}

static veto_i_rule_t *unsc(void)
{
    long perm[15] = {1, 1, 1, 1, 1};
    long all[15];
    for (size_t i = 0; i < 15; i++) {
        all[i] = 1;
    }
    return kof(2, 2, wterm(perm, 15, 5), wterm(all, 15, 9));
}

static void counts(veto_i_counts_t *c, const veto_i_rule_t *r, size_t n,
                   unsigned need)
{
    assert_true(veto_i_counts_init(c, n, need));
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_i_enum_counts(c, r, n, need, NULL, &err);
    if (s != VETO_OK) {
        fail_msg("enum_counts: %s", err.message);
    }
}

static void assert_z(const mpz_t z, const char *want)
{
    char *got = mpz_get_str(NULL, 10, z);
    if (strcmp(got, want) != 0) {
        fail_msg("got %s, expected %s", got, want);
    }
    free(got);
}

static void assert_q(const mpq_t q, const char *want)
{
    char *got = mpq_get_str(NULL, 10, q);
    if (strcmp(got, want) != 0) {
        fail_msg("got %s, expected %s", got, want);
    }
    free(got);
}

/* ssi_num[i] / n! as a reduced fraction. */
static void assert_ssi(const veto_i_counts_t *c, size_t i, const char *want)
{
    mpq_t q;
    mpq_init(q);
    mpz_set(mpq_numref(q), c->ssi_num[i]);
    mpz_fac_ui(mpq_denref(q), c->n);
    mpq_canonicalize(q);
    assert_q(q, want);
    mpq_clear(q);
}

/* ---- published figures ------------------------------------------------- */

static void test_unsc(void **state)
{
    (void)state;
    veto_i_rule_t *r = unsc();
    veto_i_counts_t c;
    counts(&c, r, 15, ALL_NEEDS);
    assert_z(c.winning, "848");
    assert_z(c.mwc_total, "210");
    for (size_t i = 0; i < 15; i++) {
        assert_z(c.swings[i], i < 5 ? "848" : "84");
        assert_ssi(&c, i, i < 5 ? "421/2145" : "4/2145");
        /* Every minimal winning coalition: the five and four elected. */
        assert_z(c.mwc[i], i < 5 ? "210" : "84");
        assert_q(c.dpi_sum[i], i < 5 ? "70/3" : "28/3");
    }
    assert_int_equal(c.proper, VETO_YES);
    assert_int_equal(c.strong, VETO_NO);
    assert_int_equal(c.have & ALL_NEEDS, ALL_NEEDS);
    veto_i_counts_clear(&c);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);
}

static void test_small_weighted(void **state)
{
    (void)state;
    /* [6; 4, 3, 2, 1]: swings 5, 3, 3, 1 of 7 winning coalitions. */
    long w1[] = {4, 3, 2, 1};
    veto_i_rule_t *r = wterm(w1, 4, 6);
    veto_i_counts_t c;
    counts(&c, r, 4, ALL_NEEDS);
    assert_z(c.winning, "7");
    assert_z(c.swings[0], "5");
    assert_z(c.swings[1], "3");
    assert_z(c.swings[2], "3");
    assert_z(c.swings[3], "1");
    /* Shapley-Shubik 5/12, 1/4, 1/4, 1/12. */
    assert_ssi(&c, 0, "5/12");
    assert_ssi(&c, 1, "1/4");
    assert_ssi(&c, 2, "1/4");
    assert_ssi(&c, 3, "1/12");
    /* Minimal winning: {4,3}, {4,2}, {3,2,1}. */
    assert_z(c.mwc_total, "3");
    assert_z(c.mwc[0], "2");
    assert_z(c.mwc[3], "1");
    /* Johnston: critical sets of the winning coalitions:
     * 43: {4,3}; 42: {4,2}; 432: {4}; 431: {4,3}; 421: {4,2}; 321: all;
     * 4321: none. jo_sum: 4 -> 1/2+1/2+1+1/2+1/2 = 3; 3 -> 1/2+1/2+1/3;
     * 2 -> 1/2+1/2+1/3; 1 -> 1/3. */
    assert_q(c.jo_sum[0], "3");
    assert_q(c.jo_sum[1], "4/3");
    assert_q(c.jo_sum[2], "4/3");
    assert_q(c.jo_sum[3], "1/3");
    assert_int_equal(c.proper, VETO_YES);
    assert_int_equal(c.strong, VETO_NO); /* {4,1} and {3,2} both lose */
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);

    /* [51; 35, 20, 15, 15, 15]: minimal winning AB, ACD, ACE, ADE, BCDE. */
    long w2[] = {35, 20, 15, 15, 15};
    r = wterm(w2, 5, 51);
    counts(&c, r, 5, VETO_I_NEED_DPI);
    assert_z(c.mwc_total, "5");
    const char *mw[] = {"4", "2", "3", "3", "3"};
    const char *dp[] = {"3/2", "3/4", "11/12", "11/12", "11/12"};
    for (size_t i = 0; i < 5; i++) {
        assert_z(c.mwc[i], mw[i]);
        assert_q(c.dpi_sum[i], dp[i]);
    }
    assert_true(c.have & VETO_I_NEED_MWC);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);

    /* Nassau County 1958: [58; 31, 31, 21, 28, 2, 2]: players 3, 5 and 6
     * never swing. */
    long w3[] = {31, 31, 21, 28, 2, 2};
    r = wterm(w3, 6, 58);
    counts(&c, r, 6, VETO_I_NEED_SWINGS | VETO_I_NEED_SSI);
    assert_z(c.swings[0], "16");
    assert_z(c.swings[1], "16");
    assert_z(c.swings[2], "0");
    assert_z(c.swings[3], "16");
    assert_z(c.swings[4], "0");
    assert_z(c.swings[5], "0");
    assert_ssi(&c, 0, "1/3");
    assert_ssi(&c, 4, "0");
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);
}

static void test_constants_and_tiny(void **state)
{
    (void)state;
    /* TRUE over 3 players: 8 winning, the empty set the one minimal
     * winning coalition, not proper, strong. */
    veto_i_rule_t *r = veto_i_rule_node_new(VETO_I_R_TRUE);
    veto_i_counts_t c;
    counts(&c, r, 3, ALL_NEEDS);
    assert_z(c.winning, "8");
    assert_z(c.mwc_total, "1");
    for (size_t i = 0; i < 3; i++) {
        assert_z(c.swings[i], "0");
        assert_z(c.mwc[i], "0");
        assert_q(c.jo_sum[i], "0");
    }
    assert_int_equal(c.proper, VETO_NO);
    assert_int_equal(c.strong, VETO_YES);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);

    r = veto_i_rule_node_new(VETO_I_R_FALSE);
    counts(&c, r, 0, ALL_NEEDS);
    assert_z(c.winning, "0");
    assert_z(c.mwc_total, "0");
    assert_int_equal(c.proper, VETO_YES);
    assert_int_equal(c.strong, VETO_NO);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);

    /* A dictator among 1 player. */
    long w[] = {1};
    r = wterm(w, 1, 1);
    counts(&c, r, 1, ALL_NEEDS);
    assert_z(c.winning, "1");
    assert_z(c.swings[0], "1");
    assert_ssi(&c, 0, "1");
    assert_q(c.jo_sum[0], "1");
    assert_int_equal(c.proper, VETO_YES);
    assert_int_equal(c.strong, VETO_YES);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);

    /* Beyond 30 players: ELIMIT with the advice. */
    veto_error_t err;
    veto_error_clear(&err);
    r = veto_i_rule_node_new(VETO_I_R_TRUE);
    assert_true(veto_i_counts_init(&c, 31, VETO_I_NEED_SWINGS));
    assert_int_equal(veto_i_enum_counts(&c, r, 31, VETO_I_NEED_SWINGS, NULL,
                                        &err),
                     VETO_ELIMIT);
    assert_int_equal(err.hint_code, VETO_HINT_OTHER_METHOD);
    assert_string_equal(err.hint, "use the method dp or bdd instead of enum");
    veto_i_counts_clear(&c);
    /* Over the memory budget: ELIMIT too. */
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.max_memory = 1000;
    assert_true(veto_i_counts_init(&c, 20, VETO_I_NEED_SWINGS));
    assert_int_equal(veto_i_enum_counts(&c, r, 20, VETO_I_NEED_SWINGS, &ctx,
                                        &err),
                     VETO_ELIMIT);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);
}

/* ---- naive reference --------------------------------------------------- */

typedef struct naive {
    size_t n;
    uint64_t winning, mwc_total;
    uint64_t swings[16], mwc[16];
    uint64_t bysize[16][16];
    mpq_t jo[16], dpi[16];
    bool proper, strong;
} naive_t;

static void naive_count(naive_t *nv, const veto_i_rule_t *r, size_t n)
{
    memset(nv, 0, sizeof *nv);
    nv->n = n;
    for (size_t i = 0; i < n; i++) {
        mpq_init(nv->jo[i]);
        mpq_init(nv->dpi[i]);
    }
    size_t N = (size_t)1 << n;
    unsigned char *win = calloc(N, 1);
    unsigned char in[16];
    for (size_t s = 0; s < N; s++) {
        for (size_t i = 0; i < n; i++) {
            in[i] = (s >> i) & 1u;
        }
        win[s] = veto_i_rule_eval(r, in);
    }
    nv->proper = nv->strong = true;
    mpq_t q;
    mpq_init(q);
    for (size_t s = 0; s < N; s++) {
        size_t comp = (N - 1) & ~s;
        if (win[s] && win[comp]) {
            nv->proper = false;
        }
        if (!win[s] && !win[comp]) {
            nv->strong = false;
        }
        if (!win[s]) {
            continue;
        }
        nv->winning++;
        size_t size = (size_t)__builtin_popcountll(s), ncrit = 0;
        for (size_t i = 0; i < n; i++) {
            if (((s >> i) & 1u) && !win[s & ~((size_t)1 << i)]) {
                ncrit++;
                nv->swings[i]++;
                nv->bysize[i][size - 1]++;
            }
        }
        for (size_t i = 0; i < n; i++) {
            if (((s >> i) & 1u) && !win[s & ~((size_t)1 << i)]) {
                mpq_set_ui(q, 1, ncrit);
                mpq_add(nv->jo[i], nv->jo[i], q);
                if (ncrit == size) {
                    nv->mwc[i]++;
                    mpq_set_ui(q, 1, size);
                    mpq_add(nv->dpi[i], nv->dpi[i], q);
                }
            }
        }
        if (ncrit == size) {
            nv->mwc_total++;
        }
    }
    mpq_clear(q);
    free(win);
}

static void naive_clear(naive_t *nv)
{
    for (size_t i = 0; i < nv->n; i++) {
        mpq_clear(nv->jo[i]);
        mpq_clear(nv->dpi[i]);
    }
}

static void compare_naive(const veto_i_counts_t *c, const naive_t *nv,
                          uint64_t seed)
{
    size_t n = nv->n;
    mpz_t want, f;
    mpz_init(want);
    mpz_init(f);
#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fail_msg("seed %llu: %s", (unsigned long long)seed, #cond);        \
        }                                                                      \
    } while (0)
    CHECK(mpz_cmp_ui(c->winning, nv->winning) == 0);
    CHECK(mpz_cmp_ui(c->mwc_total, nv->mwc_total) == 0);
    CHECK(c->proper == (nv->proper ? VETO_YES : VETO_NO));
    CHECK(c->strong == (nv->strong ? VETO_YES : VETO_NO));
    for (size_t i = 0; i < n; i++) {
        CHECK(mpz_cmp_ui(c->swings[i], nv->swings[i]) == 0);
        CHECK(mpz_cmp_ui(c->mwc[i], nv->mwc[i]) == 0);
        CHECK(mpq_equal(c->jo_sum[i], nv->jo[i]));
        CHECK(mpq_equal(c->dpi_sum[i], nv->dpi[i]));
        mpz_set_ui(want, 0);
        for (size_t k = 0; k < n; k++) {
            mpz_fac_ui(f, k);
            mpz_mul_ui(f, f, nv->bysize[i][k]);
            mpz_t g;
            mpz_init(g);
            mpz_fac_ui(g, n - 1 - k);
            mpz_mul(f, f, g);
            mpz_clear(g);
            mpz_add(want, want, f);
        }
        CHECK(mpz_cmp(c->ssi_num[i], want) == 0);
    }
#undef CHECK
    mpz_clear(want);
    mpz_clear(f);
}

/* ---- random instances -------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static long rnd_below(long k)
{
    return (long)(rnd() % (uint64_t)k);
}


static veto_i_rule_t *random_term(size_t n, long maxw)
{
    long w[16], total = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = rnd_below(4) == 0 ? 0 : rnd_below(maxw + 1);
        total += w[i];
    }
    return wterm(w, n, rnd_below(total + 2));
}

static veto_i_rule_t *random_tree(size_t n, int depth)
{
    if (depth <= 0 || rnd_below(3) == 0) {
        return random_term(n, 9);
    }
    size_t nc = 2 + (size_t)rnd_below(3);
    veto_i_rule_t **kids = veto_i_mallocarray(nc, sizeof *kids);
    for (size_t c = 0; c < nc; c++) {
        kids[c] = random_tree(n, depth - 1);
    }
    veto_i_rule_t *r = veto_i_rule_kof_make(1 + rnd_below((long)nc), kids, nc);
    assert_non_null(r);
    return r;
}

/* 600 random weighted games and rule trees (n <= 12): every count equal to
 * the naive one; Shapley-Shubik sums to n! unless the game is constant;
 * symmetric players equal; dummies 0 everywhere. */
static void test_random_vs_naive(void **state)
{
    (void)state;
    uint64_t seed = 0xE17Eull;
    unsigned iters = (unsigned)vt_count(600);
    for (unsigned it = 0; it < iters; it++) {
        rng_state = vt_seed(seed + it);
        size_t n = (size_t)rnd_below(13);
        bool weighted = it % 2 == 0;
        veto_i_rule_t *r = weighted ? random_term(n, 30) : random_tree(n, 3);
        veto_i_counts_t c;
        counts(&c, r, n, ALL_NEEDS);
        naive_t nv;
        naive_count(&nv, r, n);
        compare_naive(&c, &nv, seed + it);

        mpz_t sum, f;
        mpz_init(sum);
        mpz_init(f);
        for (size_t i = 0; i < n; i++) {
            mpz_add(sum, sum, c.ssi_num[i]);
        }
        mpz_fac_ui(f, n);
        bool constant = r->kind == VETO_I_R_TRUE || r->kind == VETO_I_R_FALSE;
        if (constant) {
            assert_int_equal(mpz_sgn(sum), 0);
        } else if (mpz_cmp(sum, f) != 0) {
            fail_msg("seed %llu: ssi does not sum to n!",
                     (unsigned long long)(seed + it));
        }
        unsigned char ment[16] = {0};
        veto_i_rule_mentions(r, ment);
        for (size_t i = 0; i < n; i++) {
            if (!ment[i]) {
                assert_int_equal(mpz_sgn(c.swings[i]), 0);
                assert_int_equal(mpz_sgn(c.ssi_num[i]), 0);
                assert_int_equal(mpz_sgn(c.mwc[i]), 0);
                assert_int_equal(mpq_sgn(c.jo_sum[i]), 0);
            }
        }
        if (weighted && r->kind == VETO_I_R_TERM) {
            for (size_t a = 0; a < r->nterm; a++) {
                for (size_t b = a + 1; b < r->nterm; b++) {
                    if (mpz_cmp(r->w[a], r->w[b]) == 0) {
                        size_t i = r->player[a], j = r->player[b];
                        assert_int_equal(mpz_cmp(c.swings[i], c.swings[j]), 0);
                        assert_int_equal(mpz_cmp(c.ssi_num[i], c.ssi_num[j]),
                                         0);
                        assert_true(mpq_equal(c.jo_sum[i], c.jo_sum[j]));
                    }
                }
            }
        }
        mpz_clear(sum);
        mpz_clear(f);
        naive_clear(&nv);
        veto_i_counts_clear(&c);
        veto_i_rule_free(r);
    }
}

/* ---- beliefs ------------------------------------------------------------ */

static void brute_beliefs(mpq_t act, mpq_t *dec, const veto_i_rule_t *r,
                          size_t n, const mpq_t *p)
{
    unsigned char in[16];
    mpq_t pr, t;
    mpq_inits(pr, t, NULL);
    mpq_set_ui(act, 0, 1);
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(dec[i], 0, 1);
    }
    for (uint64_t s = 0; s < (1ull << n); s++) {
        mpq_set_ui(pr, 1, 1);
        for (size_t i = 0; i < n; i++) {
            in[i] = (s >> i) & 1u;
            if (in[i]) {
                mpq_mul(pr, pr, p[i]);
            } else {
                mpq_set_ui(t, 1, 1);
                mpq_sub(t, t, p[i]);
                mpq_mul(pr, pr, t);
            }
        }
        if (veto_i_rule_eval(r, in)) {
            mpq_add(act, act, pr);
        }
        /* i decisive on the others' votes s - i: count from the side
         * without i, with the others' probability only. */
        for (size_t i = 0; i < n; i++) {
            if (in[i]) {
                continue;
            }
            in[i] = 1;
            bool with = veto_i_rule_eval(r, in);
            in[i] = 0;
            if (with && !veto_i_rule_eval(r, in)) {
                mpq_set_ui(t, 1, 1);
                for (size_t j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    mpq_t u;
                    mpq_init(u);
                    if (in[j]) {
                        mpq_set(u, p[j]);
                    } else {
                        mpq_set_ui(u, 1, 1);
                        mpq_sub(u, u, p[j]);
                    }
                    mpq_mul(t, t, u);
                    mpq_clear(u);
                }
                mpq_add(dec[i], dec[i], t);
            }
        }
    }
    mpq_clears(pr, t, NULL);
}

static void check_beliefs(const veto_i_rule_t *r, size_t n, const mpq_t *p,
                          uint64_t seed)
{
    mpq_t act, dec[16];
    mpq_init(act);
    for (size_t i = 0; i < n; i++) {
        mpq_init(dec[i]);
    }
    brute_beliefs(act, dec, r, n, p);
    veto_error_t err;
    veto_error_clear(&err);
    for (int exact = 0; exact <= 1; exact++) {
        veto_i_beliefs_t b;
        assert_true(veto_i_beliefs_init(&b, n, exact));
        veto_status s = veto_i_enum_beliefs(&b, r, n, p, exact, NULL, &err);
        if (s != VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        if (exact) {
            if (!mpq_equal(b.p_act_q, act)) {
                fail_msg("seed %llu: exact p_act", (unsigned long long)seed);
            }
            for (size_t i = 0; i < n; i++) {
                if (!mpq_equal(b.p_dec_q[i], dec[i])) {
                    fail_msg("seed %llu: exact p_dec[%zu]",
                             (unsigned long long)seed, i);
                }
            }
        }
        if (fabs(b.p_act - mpq_get_d(act)) > 1e-12) {
            fail_msg("seed %llu: p_act %.17g vs %.17g",
                     (unsigned long long)seed, b.p_act, mpq_get_d(act));
        }
        for (size_t i = 0; i < n; i++) {
            if (fabs(b.p_dec[i] - mpq_get_d(dec[i])) > 1e-12) {
                fail_msg("seed %llu: p_dec[%zu]", (unsigned long long)seed, i);
            }
        }
        veto_i_beliefs_clear(&b);
    }
    mpq_clear(act);
    for (size_t i = 0; i < n; i++) {
        mpq_clear(dec[i]);
    }
}

static void test_beliefs(void **state)
{
    (void)state;
    /* UNSC, everybody 1/2: p_act = 848/32768 = 53/2048; a permanent
     * member is decisive with probability 848/16384 = 53/1024. */
    veto_i_rule_t *r = unsc();
    mpq_t p[16];
    for (size_t i = 0; i < 16; i++) {
        mpq_init(p[i]);
        mpq_set_ui(p[i], 1, 2);
    }
    veto_i_beliefs_t b;
    veto_error_t err;
    assert_true(veto_i_beliefs_init(&b, 15, true));
    assert_int_equal(veto_i_enum_beliefs(&b, r, 15, (const mpq_t *)p, true, NULL, &err),
                     VETO_OK);
    assert_q(b.p_act_q, "53/2048");
    assert_q(b.p_dec_q[0], "53/1024");
    assert_q(b.p_dec_q[14], "21/4096");
    veto_i_beliefs_clear(&b);
    /* Russia = 0: the Council never acts, and Russia is decisive exactly
     * when the others pass it without her: P(other 4 yes, >= 4 of 10). */
    mpq_set_ui(p[2], 0, 1);
    check_beliefs(r, 15, (const mpq_t *)p, 0);
    veto_i_rule_free(r);

    uint64_t seed = 0xBE11Eull;
    unsigned iters = (unsigned)vt_count(200);
    for (unsigned it = 0; it < iters; it++) {
        rng_state = vt_seed(seed + it);
        size_t n = (size_t)rnd_below(11);
        r = it % 2 ? random_term(n, 20) : random_tree(n, 2);
        for (size_t i = 0; i < n; i++) {
            long v = rnd_below(6);
            /* Few distinct values, 0 and 1 among them. */
            mpq_set_ui(p[i], (unsigned long)(v == 5 ? 1 : v), v == 5 ? 1 : 4);
            mpq_canonicalize(p[i]);
        }
        check_beliefs(r, n, (const mpq_t *)p, seed + it);
        veto_i_rule_free(r);
    }
    for (size_t i = 0; i < 16; i++) {
        mpq_clear(p[i]);
    }
}

/* ---- the EU Council: 27 players, a few seconds ---------------------------- */

static void test_eu_council(void **state)
{
    (void)state;
    /* Populations (Eurostat 1 January 2020, thousands). */
    static const long pop[27] = {
        83167, 67320, 59641, 47332, 37958, 19328, 17408, 11522, 10694,
        10701, 10295, 9714,  8901,  6951,  5840,  5458,  5533,  4964,
        4058,  2796,  2100,  1908,  1329,  888,   626,   514,   1907};
    long ones[27], total = 0;
    for (size_t i = 0; i < 27; i++) {
        ones[i] = 1;
        total += pop[i];
    }
    /* count >= 55% (15) and population >= 65%, or count >= 24 */
    long pq = (65 * total + 99) / 100;
    veto_i_rule_t *r = kof(1, 2, kof(2, 2, wterm(ones, 27, 15), wterm(pop, 27, pq)),
                           wterm(ones, 27, 24));
    veto_i_counts_t c;
    clock_t t0 = clock();
    counts(&c, r, 27, ALL_NEEDS);
    veto_i_beliefs_t b;
    veto_error_t err;
    mpq_t p[27];
    for (size_t i = 0; i < 27; i++) {
        mpq_init(p[i]);
        mpq_set_ui(p[i], 1, 2);
    }
    assert_true(veto_i_beliefs_init(&b, 27, false));
    assert_int_equal(veto_i_enum_beliefs(&b, r, 27, (const mpq_t *)p, false, NULL,
                                         &err),
                     VETO_OK);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("EU Council (27 players), every count and beliefs: %.2f s\n",
                  secs);
    /* Consistency: p_act = winning / 2^27, p_dec = swings / 2^26. */
    assert_true(fabs(b.p_act - mpz_get_d(c.winning) / 134217728.0) < 1e-12);
    for (size_t i = 0; i < 27; i++) {
        assert_true(fabs(b.p_dec[i] - mpz_get_d(c.swings[i]) / 67108864.0) <
                    1e-12);
        if (i > 0 && pop[i] < pop[i - 1]) {
            assert_true(mpz_cmp(c.swings[i], c.swings[i - 1]) <= 0);
        }
    }
    mpz_t sum, f;
    mpz_init(sum);
    mpz_init(f);
    for (size_t i = 0; i < 27; i++) {
        mpz_add(sum, sum, c.ssi_num[i]);
    }
    mpz_fac_ui(f, 27);
    assert_int_equal(mpz_cmp(sum, f), 0);
    mpz_clear(sum);
    mpz_clear(f);
    for (size_t i = 0; i < 27; i++) {
        mpq_clear(p[i]);
    }
    veto_i_beliefs_clear(&b);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);
}

/* Terms whose total does not fit in 63 bits take the GMP path: weights
 * times 2^70 and quota times 2^70 plus 1 (so no gcd brings them back). */
static void test_big_terms(void **state)
{
    (void)state;
    uint64_t seed = 0xB16ull;
    for (unsigned it = 0; it < vt_count(60); it++) {
        rng_state = vt_seed(seed + it);
        size_t n = (size_t)rnd_below(11);
        veto_i_rule_t *r = veto_i_rule_term_new(n);
        long total = 0;
        for (size_t i = 0; i < n; i++) {
            long w = rnd_below(20);
            total += w;
            r->player[i] = i;
            mpz_set_si(r->w[i], w);
            mpz_mul_2exp(r->w[i], r->w[i], 70);
        }
        mpz_set_si(r->quota, rnd_below(total + 1));
        mpz_mul_2exp(r->quota, r->quota, 70);
        mpz_add_ui(r->quota, r->quota, 1);
        assert_true(veto_i_rule_term_finish(r));
        if (r->kind == VETO_I_R_TERM) {
            assert_false(r->small);
        }
        if (it % 2 == 1) {
            r = kof(1 + rnd_below(2), 2, r, random_term(n, 9));
        }
        veto_i_counts_t c;
        counts(&c, r, n, ALL_NEEDS);
        naive_t nv;
        naive_count(&nv, r, n);
        compare_naive(&c, &nv, seed + it);
        naive_clear(&nv);
        veto_i_counts_clear(&c);
        veto_i_rule_free(r);
    }
}

/* ---- cancellation and out of memory ------------------------------------- */

static int cancel_now(void *user, double fraction, const char *stage)
{
    (void)fraction;
    (void)stage;
    ++*(int *)user;
    return 1;
}

/* test_cancel_and_oom's state: which run (0 counts, 1 beliefs, 2 exact
 * beliefs), the rule, the beliefs, the reference and the fresh result. */
typedef struct enum_oom {
    int what;
    const veto_i_rule_t *r;
    const mpq_t *p;
    veto_i_counts_t ref, c;
    veto_i_beliefs_t refb, b;
    veto_error_t err;
} enum_oom_t;

static veto_status enum_oom_run(void *user, int reference)
{
    enum_oom_t *o = user;
    return o->what == 0
               ? veto_i_enum_counts(reference ? &o->ref : &o->c, o->r, 15,
                                    ALL_NEEDS, NULL, &o->err)
               : veto_i_enum_beliefs(reference ? &o->refb : &o->b, o->r, 15,
                                     o->p, o->what == 2, NULL, &o->err);
}

static void enum_oom_fresh(void *user)
{
    enum_oom_t *o = user;
    assert_true(veto_i_counts_init(&o->c, 15, ALL_NEEDS));
    assert_true(veto_i_beliefs_init(&o->b, 15, o->what == 2));
}

static void enum_oom_same(void *user)
{
    enum_oom_t *o = user;
    if (o->what == 0) {
        assert_int_equal(mpz_cmp(o->c.winning, o->ref.winning), 0);
        for (size_t i = 0; i < 15; i++) {
            assert_int_equal(mpz_cmp(o->c.swings[i], o->ref.swings[i]), 0);
            assert_int_equal(mpz_cmp(o->c.ssi_num[i], o->ref.ssi_num[i]), 0);
        }
    } else {
        assert_true(o->b.p_act == o->refb.p_act);
        if (o->what == 2) {
            assert_true(mpq_equal(o->b.p_act_q, o->refb.p_act_q));
        }
    }
}

static void enum_oom_clear(void *user)
{
    enum_oom_t *o = user;
    veto_i_beliefs_clear(&o->b);
    veto_i_counts_clear(&o->c);
}

static void test_cancel_and_oom(void **state)
{
    (void)state;
    /* 20 players: the build polls every 2^20 coalitions. */
    long w[20];
    for (size_t i = 0; i < 20; i++) {
        w[i] = (long)i + 1;
    }
    veto_i_rule_t *r = wterm(w, 20, 100);
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    int calls = 0;
    ctx.progress = cancel_now;
    ctx.progress_user = &calls;
    veto_error_t err;
    veto_error_clear(&err);
    veto_i_counts_t c;
    assert_true(veto_i_counts_init(&c, 20, VETO_I_NEED_SWINGS));
    assert_int_equal(veto_i_enum_counts(&c, r, 20, VETO_I_NEED_SWINGS, &ctx,
                                        &err),
                     VETO_ECANCELLED);
    assert_int_equal(calls, 1);
    veto_i_counts_clear(&c);
    veto_i_rule_free(r);

    /* Every allocation failing in turn (vt_oom_loop), as test_oom does:
     * the run must allocate (else nothing is injected), the k-th
     * allocation failing gives ENOMEM or (an allocation the engine can do
     * without) success, at least one k gives ENOMEM, and past the last
     * allocation the run succeeds with the counts of a run without
     * injection. No leak on any path (the sanitizer build checks). */
    r = unsc();
    mpq_t p[15];
    for (size_t i = 0; i < 15; i++) {
        mpq_init(p[i]);
        mpq_set_ui(p[i], i % 3, 2 + i % 2);
        mpq_canonicalize(p[i]);
    }
    static const char *const what[3] = {"enum counts", "enum beliefs",
                                        "enum exact beliefs"};
    for (int k = 0; k < 3; k++) {
        enum_oom_t o;
        memset(&o, 0, sizeof o);
        o.what = k;
        o.r = r;
        o.p = (const mpq_t *)p;
        veto_error_clear(&o.err);
        assert_true(veto_i_counts_init(&o.ref, 15, ALL_NEEDS));
        assert_true(veto_i_beliefs_init(&o.refb, 15, k == 2));
        vt_oom_t loop = {&o, enum_oom_run, enum_oom_fresh, enum_oom_same,
                         enum_oom_clear};
        assert_true(vt_oom_loop(&loop, what[k]));
        veto_i_beliefs_clear(&o.refb);
        veto_i_counts_clear(&o.ref);
    }
    for (size_t i = 0; i < 15; i++) {
        mpq_clear(p[i]);
    }
    veto_i_rule_free(r);
}

int main(void)
{
    vt_begin("test_enum");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_small_weighted),
        cmocka_unit_test(test_constants_and_tiny),
        cmocka_unit_test(test_random_vs_naive),
        cmocka_unit_test(test_beliefs),
        cmocka_unit_test(test_eu_council),
        cmocka_unit_test(test_big_terms),
        cmocka_unit_test(test_cancel_and_oom),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
