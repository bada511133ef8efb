/*
 * test_bdd.c: the decision-diagram engine (src/exact/bdd_*.c) against the
 * enumeration engine on thousands of random composed rules (every count
 * and belief, exactly), against the fast and the reference dp on random
 * weighted games up to n = 200, and on the classic composed bodies: the
 * Security Council as all(permanent) and count >= 9 equal to [39; 7x5,
 * 1x10], a rule given as hundreds of minimal winning coalitions, the EU
 * Council under Lisbon with and without "a blocking minority needs four
 * states", Johnston on types of up to 10 players, and the US federal
 * system (537 players). Also the memory budget, cancellation and every
 * allocation failing in turn.
 *
 * VETO_TEST_SCALE multiplies the number of random rules and VETO_TEST_SEED
 * shifts their seeds (test_util.h); a failure prints the seed of the rule.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exact/counts.h"
#include "random_rule.h"
#include "rule/rule_i.h"
#include "test_util.h"

#define ALL_NEED                                                               \
    (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI |              \
     VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_JOHNSTON |                \
     VETO_I_NEED_PROPER)

/* ---- helpers ------------------------------------------------------------- */

static void ctx_init(veto_i_ctx_t *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->threads = 1;
}

/* count over players lo..hi-1 >= q */
static veto_i_rule_t *count_term(size_t lo, size_t hi, unsigned long q)
{
    size_t *p = malloc((hi - lo + 1) * sizeof *p);
    unsigned long *w = malloc((hi - lo + 1) * sizeof *w);
    assert_true(p != NULL && w != NULL);
    for (size_t i = lo; i < hi; i++) {
        p[i - lo] = i;
        w[i - lo] = 1;
    }
    veto_i_rule_t *r = term(hi - lo, p, w, q);
    free(p);
    free(w);
    return r;
}

static veto_i_rule_t *kof(long long k, size_t nkids, ...)
{
    veto_i_rule_t **kids = veto_i_mallocarray(nkids, sizeof *kids);
    assert_non_null(kids);
    va_list ap;
    va_start(ap, nkids);
    for (size_t i = 0; i < nkids; i++) {
        kids[i] = va_arg(ap, veto_i_rule_t *);
    }
    va_end(ap);
    veto_i_rule_t *r = veto_i_rule_kof_make(k, kids, nkids);
    assert_non_null(r);
    return r;
}

/* A random and / or / k-of tree of random terms over n players
 * (random_rule.h), in this test's shape. */
static veto_i_rule_t *random_rule(uint64_t *s, size_t n, int depth)
{
    static const random_shape_t shape = {35, 70, 4, {1, 3, 10, 1000}, 3};
    return random_rule_shaped(s, &shape, n, depth);
}

/* Compare every count both filled; on a difference, fail naming the seed. */
static void counts_compare(const veto_i_counts_t *a, const veto_i_counts_t *b,
                           size_t n, unsigned long long seed, const char *what)
{
    unsigned both = a->have & b->have;
    if ((both & VETO_I_NEED_WINNING) && mpz_cmp(a->winning, b->winning) != 0) {
        fail_msg("seed %llu (%s): winning differs", seed, what);
    }
    for (size_t i = 0; i < n; i++) {
        if ((both & VETO_I_NEED_SWINGS) &&
            mpz_cmp(a->swings[i], b->swings[i]) != 0) {
            fail_msg("seed %llu (%s): swings[%zu] differ", seed, what, i);
        }
        if ((both & VETO_I_NEED_SSI) &&
            mpz_cmp(a->ssi_num[i], b->ssi_num[i]) != 0) {
            fail_msg("seed %llu (%s): ssi_num[%zu] differ", seed, what, i);
        }
        if ((both & VETO_I_NEED_MWC) && mpz_cmp(a->mwc[i], b->mwc[i]) != 0) {
            fail_msg("seed %llu (%s): mwc[%zu] differ", seed, what, i);
        }
        if ((both & VETO_I_NEED_DPI) &&
            !mpq_equal(a->dpi_sum[i], b->dpi_sum[i])) {
            fail_msg("seed %llu (%s): dpi_sum[%zu] differ", seed, what, i);
        }
        if ((both & VETO_I_NEED_JOHNSTON) &&
            !mpq_equal(a->jo_sum[i], b->jo_sum[i])) {
            fail_msg("seed %llu (%s): jo_sum[%zu] differ", seed, what, i);
        }
    }
    if ((both & VETO_I_NEED_MWC) && mpz_cmp(a->mwc_total, b->mwc_total) != 0) {
        fail_msg("seed %llu (%s): mwc_total differs", seed, what);
    }
    if ((both & VETO_I_NEED_PROPER) &&
        (a->proper != b->proper || a->strong != b->strong)) {
        fail_msg("seed %llu (%s): proper/strong differ", seed, what);
    }
}

static void beliefs_compare(const veto_i_beliefs_t *a,
                            const veto_i_beliefs_t *b, size_t n,
                            unsigned long long seed, const char *what)
{
    if (fabs(a->p_act - b->p_act) > 1e-9) {
        fail_msg("seed %llu (%s): p_act %.17g vs %.17g", seed, what, a->p_act,
                 b->p_act);
    }
    if (a->exact && b->exact && !mpq_equal(a->p_act_q, b->p_act_q)) {
        fail_msg("seed %llu (%s): exact p_act differs", seed, what);
    }
    for (size_t i = 0; i < n; i++) {
        if (fabs(a->p_dec[i] - b->p_dec[i]) > 1e-9) {
            fail_msg("seed %llu (%s): p_dec[%zu] %.17g vs %.17g", seed, what,
                     i, a->p_dec[i], b->p_dec[i]);
        }
        if (a->exact && b->exact && !mpq_equal(a->p_dec_q[i], b->p_dec_q[i])) {
            fail_msg("seed %llu (%s): exact p_dec[%zu] differs", seed, what, i);
        }
    }
}

static void bdd_vs_enum(const veto_i_rule_t *r, size_t n, unsigned need,
                        unsigned long long seed, const char *what)
{
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    veto_i_counts_t a, b;
    uint64_t nodes = 0;
    assert_true(veto_i_counts_init(&a, n, need));
    assert_true(veto_i_counts_init(&b, n, need));
    if (veto_i_bdd_counts(&a, r, n, need, &nodes, &ctx, &err) != VETO_OK) {
        fail_msg("seed %llu (%s): bdd failed: %s", seed, what, err.message);
    }
    assert_int_equal(veto_i_enum_counts(&b, r, n, need, &ctx, &err), VETO_OK);
    unsigned want = need;
    if (want & VETO_I_NEED_DPI) {
        want |= VETO_I_NEED_MWC;
    }
    assert_int_equal(a.have & want, want);
    assert_true(nodes >= 1);
    counts_compare(&a, &b, n, seed, what);
    veto_i_counts_clear(&a);
    veto_i_counts_clear(&b);
}

static void beliefs_vs_enum(const veto_i_rule_t *r, size_t n,
                            const mpq_t *belief, bool exact,
                            unsigned long long seed, const char *what)
{
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    veto_i_beliefs_t a, b;
    assert_true(veto_i_beliefs_init(&a, n, exact));
    assert_true(veto_i_beliefs_init(&b, n, exact));
    if (veto_i_bdd_beliefs(&a, r, n, belief, exact, &ctx, &err) != VETO_OK) {
        fail_msg("seed %llu (%s): bdd beliefs failed: %s", seed, what,
                 err.message);
    }
    assert_int_equal(veto_i_enum_beliefs(&b, r, n, belief, exact, &ctx, &err),
                     VETO_OK);
    beliefs_compare(&a, &b, n, seed, what);
    veto_i_beliefs_clear(&a);
    veto_i_beliefs_clear(&b);
}

static mpq_t *beliefs_new(size_t n)
{
    mpq_t *b = malloc((n + 1) * sizeof *b);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++) {
        mpq_init(b[i]);
        mpq_set_ui(b[i], 1, 2);
    }
    return b;
}

static void beliefs_free(mpq_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mpq_clear(b[i]);
    }
    free(b);
}

/* ---- random composed rules against enum -------------------------------- */

static void test_random_vs_enum(void **state)
{
    (void)state;
    static const unsigned long pn[] = {0, 1, 1, 1, 2, 3, 1, 7};
    static const unsigned long pd[] = {1, 1, 2, 3, 5, 4, 10, 9};
    size_t iters = (size_t)vt_count(2000);
    for (size_t it = 0; it < iters; it++) {
        uint64_t seed = vt_seed(0x5eed0000ull + it);
        uint64_t s = seed;
        size_t n = 1 + rnd(&s, 14);
        veto_i_rule_t *r;
        if (rnd(&s, 60) == 0) {
            r = veto_i_rule_node_new(rnd(&s, 2) ? VETO_I_R_TRUE
                                                : VETO_I_R_FALSE);
            assert_non_null(r);
        } else {
            r = random_rule(&s, n, (int)rnd(&s, 4));
        }
        bdd_vs_enum(r, n, ALL_NEED, seed, "random rule");
        /* beliefs: a few values shared by several players, so that types
         * split by belief; 0 and 1 included */
        mpq_t *bel = beliefs_new(n);
        unsigned nvals = 1 + rnd(&s, 3);
        unsigned vals[3];
        for (unsigned v = 0; v < nvals; v++) {
            vals[v] = rnd(&s, 8);
        }
        for (size_t i = 0; i < n; i++) {
            unsigned v = vals[rnd(&s, nvals)];
            mpq_set_ui(bel[i], pn[v], pd[v]);
            mpq_canonicalize(bel[i]);
        }
        beliefs_vs_enum(r, n, (const mpq_t *)bel, it % 2 == 0, seed,
                        "random beliefs");
        beliefs_free(bel, n);
        veto_i_rule_free(r);
    }
}

/* The example a player-counting engine gave: of the smallest size with
 * counts, without the player, losing, and winning with it. */
static void check_player_example(const veto_i_rule_t *r, size_t n,
                                 const veto_i_counts_t *c,
                                 unsigned long long seed, const char *what)
{
    size_t smallest = SIZE_MAX;
    for (size_t k = 0; k < n && smallest == SIZE_MAX; k++) {
        if (mpz_sgn(c->player_k[k]) != 0) {
            smallest = k;
        }
    }
    if ((c->example != NULL) != (smallest != SIZE_MAX)) {
        fail_msg("seed %llu (%s): example %s, smallest size %zu", seed, what,
                 c->example != NULL ? "given" : "missing", smallest);
    }
    if (c->example == NULL) {
        return;
    }
    unsigned char *in = c->example;
    size_t size = 0;
    for (size_t i = 0; i < n; i++) {
        size += in[i];
    }
    if (size != smallest || in[c->player] != 0 || veto_i_rule_eval(r, in)) {
        fail_msg("seed %llu (%s): example of size %zu (smallest %zu) is not "
                 "a losing coalition of the others",
                 seed, what, size, smallest);
    }
    in[c->player] = 1;
    bool wins = veto_i_rule_eval(r, in);
    in[c->player] = 0;
    if (!wins) {
        fail_msg("seed %llu (%s): example does not win with the player", seed,
                 what);
    }
}

/* One player's swings by size (explain's NEED_PLAYER): the diagram's
 * counts equal enumeration's on random composed rules of up to 24
 * players (a few of 17 to 24, most up to 12), asked alone and with the
 * other counts in the same run, and every example is a smallest swing;
 * on rules of 25 to 32 players (past enumeration's 24) the counts by size
 * add up to the player's swings and the example is checked by evaluating
 * the rule. */
static void test_player_vs_enum(void **state)
{
    (void)state;
    size_t iters = (size_t)vt_count(600);
    veto_error_t err;
    for (size_t it = 0; it < iters; it++) {
        uint64_t seed = vt_seed(0x91a7e0000ull + it);
        uint64_t s = seed;
        size_t n = it % 40 == 0   ? 17 + rnd(&s, 8)
                   : it % 10 == 0 ? 25 + rnd(&s, 8)
                                  : 1 + rnd(&s, 12);
        veto_i_rule_t *r = random_rule(&s, n, 1 + (int)rnd(&s, 3));
        size_t p = rnd(&s, (unsigned)n);
        veto_i_counts_t a, b, e;
        unsigned both =
            VETO_I_NEED_PLAYER | VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS;
        assert_true(veto_i_counts_init(&a, n, VETO_I_NEED_PLAYER));
        assert_true(veto_i_counts_init(&b, n, both));
        assert_true(veto_i_counts_init(&e, n, VETO_I_NEED_PLAYER));
        a.player = b.player = e.player = p;
        assert_int_equal(
            veto_i_bdd_counts(&a, r, n, VETO_I_NEED_PLAYER, NULL, NULL, &err),
            VETO_OK);
        assert_int_equal(veto_i_bdd_counts(&b, r, n, both, NULL, NULL, &err),
                         VETO_OK);
        assert_true(a.have & VETO_I_NEED_PLAYER);
        assert_true(b.have & VETO_I_NEED_PLAYER);
        mpz_t sum;
        mpz_init(sum);
        for (size_t k = 0; k < n; k++) {
            if (mpz_cmp(a.player_k[k], b.player_k[k]) != 0) {
                fail_msg("seed %llu: alone and with the other counts differ "
                         "at size %zu",
                         (unsigned long long)seed, k);
            }
            mpz_add(sum, sum, a.player_k[k]);
        }
        if (mpz_cmp(sum, b.swings[p]) != 0) {
            fail_msg("seed %llu (n %zu, player %zu): the counts by size do "
                     "not add up to the swings",
                     (unsigned long long)seed, n, p);
        }
        mpz_clear(sum);
        if (n <= VETO_I_ENUM_PLAYER_MAX) {
            assert_int_equal(veto_i_enum_player(&e, r, n, NULL, &err), VETO_OK);
            for (size_t k = 0; k < n; k++) {
                if (mpz_cmp(a.player_k[k], e.player_k[k]) != 0) {
                    fail_msg("seed %llu (n %zu, player %zu): size %zu: bdd "
                             "and enum differ",
                             (unsigned long long)seed, n, p, k);
                }
            }
        }
        check_player_example(r, n, &a, (unsigned long long)seed, "alone");
        check_player_example(r, n, &b, (unsigned long long)seed, "with counts");
        veto_i_counts_clear(&a);
        veto_i_counts_clear(&b);
        veto_i_counts_clear(&e);
        veto_i_rule_free(r);
    }
}

/* Each count asked for alone fills exactly that. */
static void test_need_subsets(void **state)
{
    (void)state;
    static const unsigned needs[] = {
        VETO_I_NEED_WINNING, VETO_I_NEED_SWINGS, VETO_I_NEED_SSI,
        VETO_I_NEED_MWC,     VETO_I_NEED_DPI,    VETO_I_NEED_JOHNSTON,
        VETO_I_NEED_PROPER};
    for (size_t it = 0; it < 50; it++) {
        uint64_t seed = vt_seed(0xabc00ull + it), s = seed;
        size_t n = 1 + rnd(&s, 10);
        veto_i_rule_t *r = random_rule(&s, n, 3);
        for (size_t k = 0; k < sizeof needs / sizeof needs[0]; k++) {
            bdd_vs_enum(r, n, needs[k], seed, "one need");
        }
        veto_i_rule_free(r);
    }
}

/* ---- weighted games against dp and dp_ref ---------------------------------- */

static veto_i_rule_t *rule_of_game(const veto_i_wgame_t *g)
{
    size_t len = 0;
    for (size_t i = 0; i < g->n; i++) {
        len += mpz_sgn(g->w[i]) != 0;
    }
    veto_i_rule_t *r = veto_i_rule_term_new(len);
    assert_non_null(r);
    size_t j = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_sgn(g->w[i]) != 0) {
            r->player[j] = i;
            mpz_set(r->w[j], g->w[i]);
            j++;
        }
    }
    mpz_set(r->quota, g->quota);
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

static void test_weighted_vs_dp(void **state)
{
    (void)state;
    size_t iters = (size_t)vt_count(40);
    for (size_t it = 0; it < iters; it++) {
        uint64_t seed = vt_seed(0xd900ull + it), s = seed;
        /* Many players with few distinct weights (few types: the diagram
         * stays small at n = 200), or fewer players with up to 30 distinct
         * weights. Many distinct weights make the diagram of the minimal
         * winning coalitions grow: dp is the engine for those. */
        size_t n = it % 4 == 0 ? 150 + rnd(&s, 51)
                   : it % 4 == 2 ? 1 + rnd(&s, 24)
                                 : 1 + rnd(&s, 60);
        unsigned wmax = it % 4 == 0 ? 4 : it % 4 == 2 ? 30 : it % 4 == 1 ? 12 : 3;
        veto_i_wgame_t g;
        assert_true(veto_i_wgame_alloc(&g, n));
        unsigned long total = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned long w = rnd(&s, 8) == 0 ? 0 : 1 + rnd(&s, wmax);
            mpz_set_ui(g.w[i], w);
            total += w;
        }
        mpz_set_ui(g.quota, total / 2 + 1 + rnd(&s, (unsigned)(total / 3 + 1)));
        veto_i_rule_t *r = rule_of_game(&g);
        veto_i_ctx_t ctx;
        ctx_init(&ctx);
        veto_error_t err;
        unsigned need = ALL_NEED;
        veto_i_counts_t a, b, c;
        assert_true(veto_i_counts_init(&a, n, need));
        assert_true(veto_i_counts_init(&b, n, need));
        assert_int_equal(veto_i_bdd_counts(&a, r, n, need, NULL, &ctx, &err),
                         VETO_OK);
        assert_int_equal(veto_i_dp_counts(&b, &g, need, &ctx, &err), VETO_OK);
        counts_compare(&a, &b, n, seed, "dp");
        if (n <= 60) {
            unsigned rneed =
                VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI;
            assert_true(veto_i_counts_init(&c, n, rneed));
            assert_int_equal(veto_i_dpref_counts(&c, &g, rneed, &ctx, &err),
                             VETO_OK);
            counts_compare(&a, &c, n, seed, "dp_ref");
            veto_i_counts_clear(&c);

            mpq_t *bel = beliefs_new(n);
            for (size_t i = 0; i < n; i++) {
                mpq_set_ui(bel[i], 1 + rnd(&s, 3), 4);
                mpq_canonicalize(bel[i]);
            }
            veto_i_beliefs_t x, y;
            assert_true(veto_i_beliefs_init(&x, n, true));
            assert_true(veto_i_beliefs_init(&y, n, true));
            assert_int_equal(veto_i_bdd_beliefs(&x, r, n, (const mpq_t *)bel,
                                                true, &ctx, &err),
                             VETO_OK);
            assert_int_equal(veto_i_dp_beliefs(&y, &g, (const mpq_t *)bel,
                                               true, &ctx, &err),
                             VETO_OK);
            beliefs_compare(&x, &y, n, seed, "dp beliefs");
            veto_i_beliefs_clear(&x);
            veto_i_beliefs_clear(&y);
            beliefs_free(bel, n);
        }
        veto_i_counts_clear(&a);
        veto_i_counts_clear(&b);
        veto_i_rule_free(r);
        veto_i_wgame_clear(&g);
    }
}

/* ---- the Security Council -------------------------------------------------- */

static void check_unsc(const veto_i_counts_t *c)
{
    mpz_t f;
    mpq_t q, want;
    mpz_init(f);
    mpq_init(q);
    mpq_init(want);
    mpz_fac_ui(f, 15);
    assert_int_equal(mpz_get_ui(c->winning), 848);
    assert_int_equal(mpz_get_ui(c->mwc_total), 210);
    for (size_t i = 0; i < 15; i++) {
        assert_int_equal(mpz_get_ui(c->swings[i]), i < 5 ? 848 : 84);
        mpq_set_num(q, c->ssi_num[i]);
        mpq_set_den(q, f);
        mpq_canonicalize(q);
        mpq_set_ui(want, i < 5 ? 421 : 4, 2145);
        assert_true(mpq_equal(q, want));
    }
    assert_int_equal(c->proper, VETO_YES);
    assert_int_equal(c->strong, VETO_NO);
    mpz_clear(f);
    mpq_clear(q);
    mpq_clear(want);
}

static void test_unsc(void **state)
{
    (void)state;
    /* all(permanent) and count >= 9 */
    veto_i_rule_t *composed =
        kof(2, 2, count_term(0, 5, 5), count_term(0, 15, 9));
    size_t p[15];
    unsigned long w[15];
    for (size_t i = 0; i < 15; i++) {
        p[i] = i;
        w[i] = i < 5 ? 7 : 1;
    }
    veto_i_rule_t *weighted = term(15, p, w, 39);
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    veto_i_counts_t a, b;
    uint64_t nodes = 0;
    assert_true(veto_i_counts_init(&a, 15, ALL_NEED));
    assert_true(veto_i_counts_init(&b, 15, ALL_NEED));
    assert_int_equal(
        veto_i_bdd_counts(&a, composed, 15, ALL_NEED, &nodes, &ctx, &err),
        VETO_OK);
    assert_int_equal(
        veto_i_bdd_counts(&b, weighted, 15, ALL_NEED, NULL, &ctx, &err),
        VETO_OK);
    check_unsc(&a);
    check_unsc(&b);
    counts_compare(&a, &b, 15, 0, "UNSC composed vs weighted");
    /* two types: the permanent members are one level of 6 children */
    assert_true(nodes < 40);
    veto_i_counts_clear(&a);
    veto_i_counts_clear(&b);
    bdd_vs_enum(composed, 15, ALL_NEED, 0, "UNSC");
    veto_i_rule_free(composed);
    veto_i_rule_free(weighted);
}

/* ---- a rule given as its minimal winning coalitions ------------------------ */

static void test_mwc_list(void **state)
{
    (void)state;
    for (int round = 0; round < 2; round++) {
        size_t n = round == 0 ? 14 : 60;
        size_t nc = round == 0 ? 250 : 400;
        uint64_t seed = vt_seed(0x3c0ull + (uint64_t)round), s = seed;
        uint64_t *cl = malloc(nc * sizeof *cl);
        veto_i_rule_t **kids = veto_i_mallocarray(nc, sizeof *kids);
        assert_true(cl != NULL && kids != NULL);
        for (size_t c = 0; c < nc; c++) {
            size_t p[8];
            unsigned long w[8];
            size_t len = 2 + rnd(&s, 4);
            uint64_t set = 0;
            /* n = 14: anywhere; n = 60: within a window of 8 players that
             * moves along the list, as committees of neighbours would */
            size_t base = n <= 14 ? 0 : c * (n - 8) / nc;
            size_t span = n <= 14 ? n : 8;
            while ((size_t)__builtin_popcountll(set) < len) {
                set |= 1ull << (base + rnd(&s, (unsigned)span));
            }
            cl[c] = set;
            size_t k = 0;
            for (size_t i = 0; i < n; i++) {
                if (set >> i & 1) {
                    p[k] = i;
                    w[k] = 1;
                    k++;
                }
            }
            kids[c] = term(len, p, w, len); /* A and B and ... */
        }
        veto_i_rule_t *r = veto_i_rule_kof_make(1, kids, nc);
        assert_non_null(r);
        if (n <= 14) {
            bdd_vs_enum(r, n, ALL_NEED, seed, "clauses");
        }
        /* The minimal winning coalitions of an or of ands are its
         * inclusion-minimal distinct clauses. */
        size_t total = 0;
        unsigned long *per = calloc(n, sizeof *per);
        mpq_t *dpi = beliefs_new(n);
        mpq_t one;
        mpq_init(one);
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(dpi[i], 0, 1);
        }
        for (size_t c = 0; c < nc; c++) {
            bool minimal = true;
            for (size_t d = 0; d < nc && minimal; d++) {
                bool sub = (cl[d] & ~cl[c]) == 0;
                if (sub && (cl[d] != cl[c] || d < c)) {
                    minimal = false;
                }
            }
            if (minimal) {
                total++;
                unsigned len = (unsigned)__builtin_popcountll(cl[c]);
                mpq_set_ui(one, 1, len);
                for (size_t i = 0; i < n; i++) {
                    if (cl[c] >> i & 1) {
                        per[i]++;
                        mpq_add(dpi[i], dpi[i], one);
                    }
                }
            }
        }
        veto_i_ctx_t ctx;
        ctx_init(&ctx);
        veto_error_t err;
        veto_i_counts_t a;
        unsigned need = VETO_I_NEED_MWC | VETO_I_NEED_DPI | VETO_I_NEED_WINNING |
                        VETO_I_NEED_SWINGS;
        assert_true(veto_i_counts_init(&a, n, need));
        assert_int_equal(veto_i_bdd_counts(&a, r, n, need, NULL, &ctx, &err),
                         VETO_OK);
        assert_int_equal(mpz_get_ui(a.mwc_total), total);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(mpz_get_ui(a.mwc[i]), per[i]);
            assert_true(mpq_equal(a.dpi_sum[i], dpi[i]));
            /* a player in no clause is a dummy */
            if (per[i] == 0) {
                assert_int_equal(mpz_sgn(a.swings[i]), 0);
            }
        }
        veto_i_counts_clear(&a);
        mpq_clear(one);
        beliefs_free(dpi, n);
        free(per);
        free(cl);
        veto_i_rule_free(r);
    }
}

/* ---- the EU Council under Lisbon ------------------------------------------- */

/* Populations in thousands (Eurostat, 1 January 2020). */
static const unsigned long eu_pop[27] = {
    83166, 67320, 59641, 47332, 37958, 19328, 17408, 11522, 10719,
    10694, 10327, 10296, 9770,  8901,  6951,  5823,  5525,  5458,
    4964,  4058,  2795,  2096,  1908,  1329,  888,   626,   515};

/* The Lisbon rule over the n most populous states: count >= 55% of n,
 * population >= 65% of theirs (exactly: ceilings), and, with four_to_block,
 * any n - 3 states (a blocking minority needs four). n = 27 is the Council. */
static veto_i_rule_t *lisbon_n(size_t n, bool four_to_block)
{
    size_t p[27];
    unsigned long total = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = i;
        total += eu_pop[i];
    }
    unsigned long q = (total * 65 + 99) / 100;
    veto_i_rule_t *dm = kof(2, 2, count_term(0, n, (n * 55 + 99) / 100),
                            term(n, p, eu_pop, q));
    if (!four_to_block) {
        return dm;
    }
    return kof(1, 2, dm, count_term(0, n, n - 3));
}

static veto_i_rule_t *lisbon(bool four_to_block)
{
    return lisbon_n(27, four_to_block);
}

/* Winning coalitions of the double majority by meeting in the middle: the
 * states split 13 / 14, the second half's subsets sorted by population for
 * each count. An oracle independent of both engines. */
static int cmp_ul(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

static uint64_t lisbon_oracle(bool four_to_block)
{
    unsigned long total = 0;
    for (size_t i = 0; i < 27; i++) {
        total += eu_pop[i];
    }
    unsigned long q = (total * 65 + 99) / 100;
    size_t h = 13, h2 = 14;
    unsigned long *pop[15];
    size_t cnt[15] = {0};
    for (size_t c = 0; c <= h2; c++) {
        pop[c] = malloc(((size_t)1 << h2) * sizeof **pop);
        assert_non_null(pop[c]);
    }
    for (uint32_t m = 0; m < (1u << h2); m++) {
        unsigned long sum = 0;
        for (size_t i = 0; i < h2; i++) {
            if (m >> i & 1) {
                sum += eu_pop[h + i];
            }
        }
        size_t c = (size_t)__builtin_popcount(m);
        pop[c][cnt[c]++] = sum;
    }
    for (size_t c = 0; c <= h2; c++) {
        qsort(pop[c], cnt[c], sizeof **pop, cmp_ul);
    }
    uint64_t win = 0;
    for (uint32_t m = 0; m < (1u << h); m++) {
        unsigned long sum = 0;
        for (size_t i = 0; i < h; i++) {
            if (m >> i & 1) {
                sum += eu_pop[i];
            }
        }
        size_t c1 = (size_t)__builtin_popcount(m);
        for (size_t c2 = 0; c2 <= h2; c2++) {
            if (four_to_block && c1 + c2 >= 24) {
                win += cnt[c2];
                continue;
            }
            if (c1 + c2 < 15) {
                continue;
            }
            /* first index with sum + pop >= q */
            size_t lo = 0, hi = cnt[c2];
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (sum + pop[c2][mid] >= q) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            win += cnt[c2] - lo;
        }
    }
    for (size_t c = 0; c <= h2; c++) {
        free(pop[c]);
    }
    return win;
}

static void test_lisbon(void **state)
{
    (void)state;
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    uint64_t win[2];
    for (int f = 0; f < 2; f++) {
        veto_i_rule_t *r = lisbon(f == 1);
        veto_i_counts_t a;
        uint64_t nodes = 0;
        assert_true(veto_i_counts_init(&a, 27, ALL_NEED));
        assert_int_equal(
            veto_i_bdd_counts(&a, r, 27, ALL_NEED, &nodes, &ctx, &err),
            VETO_OK);
        win[f] = mpz_get_ui(a.winning);
        assert_int_equal(win[f], lisbon_oracle(f == 1));
        /* Shapley-Shubik sums to one: sum of numerators = 27! */
        mpz_t sum, fac;
        mpz_init(sum);
        mpz_init(fac);
        mpz_fac_ui(fac, 27);
        for (size_t i = 0; i < 27; i++) {
            mpz_add(sum, sum, a.ssi_num[i]);
        }
        assert_int_equal(mpz_cmp(sum, fac), 0);
        mpz_clear(sum);
        mpz_clear(fac);
        veto_i_counts_clear(&a);
        veto_i_rule_free(r);
        /* bdd against enum on every count. Enumerating all 2^27 coalitions
         * takes some 2 s per rule in an optimised build, but a minute or
         * more under the sanitizers (an unoptimised build) or valgrind
         * (which runs at scale 0.1): there, below scale 4, the same rule
         * over the 21 most populous states (2^21 coalitions), which keeps
         * its composed structure. */
        size_t m = vt_scale() >= 1 ? 27 : 21;
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
        if (vt_scale() < 4) {
            m = 21;
        }
#endif
        r = lisbon_n(m, f == 1);
        bdd_vs_enum(r, m, ALL_NEED, m, f == 1 ? "Lisbon, four to block"
                                             : "Lisbon, double majority");
        veto_i_rule_free(r);
    }
    assert_true(win[0] != win[1]);
    assert_true(win[1] > win[0]);
}

/* ---- Johnston on large types ------------------------------------------------ */

/* Composed rules over n = 20 players in three types (desirability order
 * holds: the heavier players come first in every term), so the one walk
 * that counts Johnston and minimal winning coalitions runs with a type of
 * up to 10 players on the last critical level; against enum. */
static void test_johnston_types(void **state)
{
    (void)state;
    unsigned need = VETO_I_NEED_JOHNSTON | VETO_I_NEED_MWC | VETO_I_NEED_DPI;
    size_t p[20];
    unsigned long w[20], v[20];
    for (size_t i = 0; i < 20; i++) {
        p[i] = i;
        w[i] = i < 4 ? 5 : i < 10 ? 3 : 1; /* types of 4, 6, 10 */
        v[i] = i < 10 ? 2 : 1;
    }
    for (unsigned long q = 8; q <= 40; q += 4) {
        veto_i_rule_t *r = kof(2, 2, count_term(0, 20, 4 + q / 5),
                               term(20, p, w, q));
        bdd_vs_enum(r, 20, need, q, "Johnston, types");
        veto_i_rule_free(r);
        r = kof(1, 2, term(20, p, w, q + 3),
                kof(2, 2, count_term(0, 20, 12), term(20, p, v, 14)));
        bdd_vs_enum(r, 20, need, q, "Johnston, types, or");
        veto_i_rule_free(r);
    }
}

/* ---- the US federal system -------------------------------------------------- */

/* Players 0..434 House, 435..534 Senate, 535 Vice-President, 536 President:
 * (house > 1/2 and (senate > 1/2 or (senate >= 50 and VP)) and President)
 * or (house >= 2/3 and senate >= 2/3). */
static veto_i_rule_t *us_federal(void)
{
    size_t vp = 535, pres = 536;
    unsigned long one = 1;
    veto_i_rule_t *senate = kof(1, 2, count_term(435, 535, 51),
                                kof(2, 2, count_term(435, 535, 50),
                                    term(1, &vp, &one, 1)));
    veto_i_rule_t *normal =
        kof(3, 3, count_term(0, 435, 218), senate, term(1, &pres, &one, 1));
    veto_i_rule_t *override =
        kof(2, 2, count_term(0, 435, 290), count_term(435, 535, 67));
    return kof(1, 2, normal, override);
}

/* P(at least k of n yes), each yes with probability 1/2: exactly. */
static void binom_tail(mpq_t out, unsigned long n, unsigned long k)
{
    mpz_t sum, c;
    mpz_init(sum);
    mpz_init(c);
    for (unsigned long j = k; j <= n; j++) {
        mpz_bin_uiui(c, n, j);
        mpz_add(sum, sum, c);
    }
    mpq_set_z(out, sum);
    mpz_set_ui(c, 1);
    mpz_mul_2exp(c, c, n);
    mpq_set_den(out, c);
    mpq_canonicalize(out);
    mpz_clear(sum);
    mpz_clear(c);
}

/* P(act) of the federal system, written independently of every engine:
 * with h, s the yes counts of House and Senate (independent binomials,
 * 1/2 each), the Vice President at 1/2 and the President at p,
 *   normal   = h >= 218 and (s >= 51 or (s = 50 and VP)) and President
 *   override = h >= 290 and s >= 67,
 * and normal and override = h >= 290 and s >= 67 and President, so
 *   P = a sen p + b t - b t p,
 * a = P(h >= 218), sen = P(s >= 51) + P(s = 50)/2, b = P(h >= 290),
 * t = P(s >= 67). */
static void us_federal_p_act(mpq_t out, const mpq_t p)
{
    mpq_t a, sen, s50, b, t, x;
    mpq_inits(a, sen, s50, b, t, x, NULL);
    binom_tail(a, 435, 218);
    binom_tail(sen, 100, 51);
    binom_tail(s50, 100, 50);
    mpq_sub(s50, s50, sen); /* P(s = 50) */
    mpq_set_ui(x, 1, 2);
    mpq_mul(s50, s50, x);
    mpq_add(sen, sen, s50);
    binom_tail(b, 435, 290);
    binom_tail(t, 100, 67);
    mpq_mul(out, a, sen);
    mpq_mul(out, out, p);
    mpq_mul(x, b, t);
    mpq_add(out, out, x);
    mpq_mul(x, x, p);
    mpq_sub(out, out, x);
    mpq_clears(a, sen, s50, b, t, x, NULL);
}

static void test_us_federal(void **state)
{
    (void)state;
    size_t n = 537;
    veto_i_rule_t *r = us_federal();
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    veto_i_counts_t a;
    uint64_t nodes = 0;
    assert_true(veto_i_counts_init(&a, n, ALL_NEED));
    assert_int_equal(veto_i_bdd_counts(&a, r, n, ALL_NEED, &nodes, &ctx, &err),
                     VETO_OK);
    assert_true(nodes < 100);
    mpz_t sum, fac;
    mpz_init(sum);
    mpz_init(fac);
    mpz_fac_ui(fac, n);
    for (size_t i = 0; i < n; i++) {
        mpz_add(sum, sum, a.ssi_num[i]);
    }
    assert_int_equal(mpz_cmp(sum, fac), 0);
    /* symmetric players are equal; the President outweighs a senator, a
     * senator a representative; the VP, who only breaks ties, still swings */
    for (size_t i = 1; i < 435; i++) {
        assert_int_equal(mpz_cmp(a.ssi_num[i], a.ssi_num[0]), 0);
        assert_int_equal(mpz_cmp(a.swings[i], a.swings[0]), 0);
        assert_true(mpq_equal(a.jo_sum[i], a.jo_sum[0]));
    }
    assert_true(mpz_cmp(a.ssi_num[536], a.ssi_num[435]) > 0);
    assert_true(mpz_cmp(a.ssi_num[435], a.ssi_num[0]) > 0);
    assert_true(mpz_sgn(a.swings[535]) > 0);
    assert_int_equal(a.proper, VETO_YES);
    assert_int_equal(a.strong, VETO_NO);
    mpz_clear(sum);
    mpz_clear(fac);
    veto_i_counts_clear(&a);

    /* beliefs: everyone 1/2 except the President (3/4) */
    mpq_t *bel = beliefs_new(n);
    mpq_set_ui(bel[536], 3, 4);
    veto_i_beliefs_t b, d;
    assert_true(veto_i_beliefs_init(&b, n, true));
    assert_true(veto_i_beliefs_init(&d, n, false));
    assert_int_equal(
        veto_i_bdd_beliefs(&b, r, n, (const mpq_t *)bel, true, &ctx, &err),
        VETO_OK);
    assert_int_equal(
        veto_i_bdd_beliefs(&d, r, n, (const mpq_t *)bel, false, &ctx, &err),
        VETO_OK);
    beliefs_compare(&b, &d, n, 0, "US exact vs doubles");
    mpq_t want;
    mpq_init(want);
    us_federal_p_act(want, bel[536]);
    if (!mpq_equal(b.p_act_q, want)) {
        fail_msg("US federal P(act) is %.17g, the closed form gives %.17g",
                 mpq_get_d(b.p_act_q), mpq_get_d(want));
    }
    /* and with the President at 1/2: winning / 2^537 */
    mpq_set_ui(bel[536], 1, 2);
    veto_i_beliefs_clear(&b);
    assert_true(veto_i_beliefs_init(&b, n, true));
    assert_int_equal(
        veto_i_bdd_beliefs(&b, r, n, (const mpq_t *)bel, true, &ctx, &err),
        VETO_OK);
    us_federal_p_act(want, bel[536]);
    assert_true(mpq_equal(b.p_act_q, want));
    mpq_clear(want);
    veto_i_beliefs_clear(&b);
    veto_i_beliefs_clear(&d);
    beliefs_free(bel, n);
    veto_i_rule_free(r);
}

/* No players at all: the rule is a constant. */
static void test_no_players(void **state)
{
    (void)state;
    for (int v = 0; v < 2; v++) {
        veto_i_rule_t *r =
            veto_i_rule_node_new(v ? VETO_I_R_TRUE : VETO_I_R_FALSE);
        assert_non_null(r);
        veto_i_ctx_t ctx;
        ctx_init(&ctx);
        veto_error_t err;
        veto_i_counts_t a;
        uint64_t nodes = 0;
        assert_true(veto_i_counts_init(&a, 0, ALL_NEED));
        assert_int_equal(
            veto_i_bdd_counts(&a, r, 0, ALL_NEED, &nodes, &ctx, &err),
            VETO_OK);
        assert_int_equal(mpz_get_ui(a.winning), (unsigned long)v);
        assert_int_equal(mpz_get_ui(a.mwc_total), (unsigned long)v);
        assert_int_equal(nodes, 1);
        veto_i_counts_clear(&a);
        veto_i_beliefs_t b;
        assert_true(veto_i_beliefs_init(&b, 0, true));
        assert_int_equal(veto_i_bdd_beliefs(&b, r, 0, NULL, true, &ctx, &err),
                         VETO_OK);
        assert_true(b.p_act == (double)v);
        veto_i_beliefs_clear(&b);
        veto_i_rule_free(r);
    }
}

/* ---- resources ------------------------------------------------------------- */

static int cancel_now(void *user, double fraction, const char *stage)
{
    (void)fraction;
    (void)stage;
    ++*(int *)user;
    return 1;
}

static void test_limits(void **state)
{
    (void)state;
    veto_i_rule_t *r = us_federal();
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    ctx.max_memory = 4096;
    veto_error_t err;
    veto_i_counts_t a;
    assert_true(veto_i_counts_init(&a, 537, ALL_NEED));
    assert_int_equal(veto_i_bdd_counts(&a, r, 537, ALL_NEED, NULL, &ctx, &err),
                     VETO_ELIMIT);
    assert_int_equal(err.hint_code, VETO_HINT_MEMORY);
    assert_string_equal(err.hint_arg[1], "mc");
    assert_non_null(strstr(err.hint, "the method mc"));
    veto_i_counts_clear(&a);

    ctx_init(&ctx);
    int calls = 0;
    ctx.progress = cancel_now;
    ctx.progress_user = &calls;
    assert_true(veto_i_counts_init(&a, 537, ALL_NEED));
    assert_int_equal(veto_i_bdd_counts(&a, r, 537, ALL_NEED, NULL, &ctx, &err),
                     VETO_ECANCELLED);
    assert_true(calls >= 1);
    veto_i_counts_clear(&a);
    veto_i_rule_free(r);
}

/* Every allocation failing in turn: ENOMEM or success, never a leak or a
 * crash (run under ASan). */
static void test_oom(void **state)
{
    (void)state;
    veto_i_rule_t *r =
        kof(2, 3, count_term(0, 3, 2), count_term(2, 6, 3), count_term(0, 6, 4));
    mpq_t *bel = beliefs_new(6);
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    for (int what = 0; what < 2; what++) {
        bool done = false;
        for (uint64_t k = 1; !done && k < 100000; k++) {
            veto_i_counts_t a;
            veto_i_beliefs_t b;
            veto_status rc;
            if (what == 0) {
                assert_true(veto_i_counts_init(&a, 6, ALL_NEED));
                veto_i_alloc_fail_after(k);
                rc = veto_i_bdd_counts(&a, r, 6, ALL_NEED, NULL, &ctx, &err);
                veto_i_alloc_fail_after(0);
                veto_i_counts_clear(&a);
            } else {
                assert_true(veto_i_beliefs_init(&b, 6, true));
                veto_i_alloc_fail_after(k);
                rc = veto_i_bdd_beliefs(&b, r, 6, (const mpq_t *)bel, true,
                                        &ctx, &err);
                veto_i_alloc_fail_after(0);
                veto_i_beliefs_clear(&b);
            }
            if (rc == VETO_OK) {
                done = true;
            } else {
                assert_int_equal(rc, VETO_ENOMEM);
            }
        }
        assert_true(done);
    }
    beliefs_free(bel, 6);
    veto_i_rule_free(r);
}

int main(void)
{
    vt_begin("test_bdd");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighted_vs_dp),
        cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_mwc_list),
        cmocka_unit_test(test_lisbon),
        cmocka_unit_test(test_johnston_types),
        cmocka_unit_test(test_us_federal),
        cmocka_unit_test(test_need_subsets),
        cmocka_unit_test(test_random_vs_enum),
        cmocka_unit_test(test_player_vs_enum),
        cmocka_unit_test(test_no_players),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_oom),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
