/*
 * test_dpref.c: the reference dp against the enumeration engine, exactly
 * (winning, swings, Shapley-Shubik numerators, exact beliefs) and within
 * 1e-12 for beliefs in doubles, on random weighted games; quotas from 0 to
 * total + 1, beliefs including 0 and 1. VETO_TEST_SCALE scales the number
 * of games; a failure prints its seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "test_util.h"
#include "exact/counts.h"
#include "rule/rule_i.h"

#define NEEDS (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS | VETO_I_NEED_SSI)

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned long rnd_below(unsigned long k)
{
    return (unsigned long)(rnd() % k);
}


/* The same game as a rule tree, for the enumeration engine. */
static veto_i_rule_t *rule_of(const veto_i_wgame_t *g)
{
    veto_i_rule_t *r = veto_i_rule_term_new(g->n);
    assert_non_null(r);
    for (size_t i = 0; i < g->n; i++) {
        r->player[i] = i;
        mpz_set(r->w[i], g->w[i]);
    }
    mpz_set(r->quota, g->quota);
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

static void compare_counts(const veto_i_wgame_t *g, uint64_t seed)
{
    veto_error_t err;
    veto_error_clear(&err);
    veto_i_rule_t *r = rule_of(g);
    veto_i_counts_t a, b;
    assert_true(veto_i_counts_init(&a, g->n, NEEDS));
    assert_true(veto_i_counts_init(&b, g->n, NEEDS));
    if (veto_i_dpref_counts(&a, g, NEEDS, NULL, &err) != VETO_OK ||
        veto_i_enum_counts(&b, r, g->n, NEEDS, NULL, &err) != VETO_OK) {
        fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
    }
    assert_int_equal(a.have & NEEDS, NEEDS);
    if (mpz_cmp(a.winning, b.winning) != 0) {
        fail_msg("seed %llu: winning differs", (unsigned long long)seed);
    }
    for (size_t i = 0; i < g->n; i++) {
        if (mpz_cmp(a.swings[i], b.swings[i]) != 0 ||
            mpz_cmp(a.ssi_num[i], b.ssi_num[i]) != 0) {
            fail_msg("seed %llu: player %zu differs", (unsigned long long)seed,
                     i);
        }
    }
    veto_i_counts_clear(&a);
    veto_i_counts_clear(&b);
    veto_i_rule_free(r);
}

static void compare_beliefs(const veto_i_wgame_t *g, const mpq_t *p,
                            uint64_t seed)
{
    veto_error_t err;
    veto_error_clear(&err);
    veto_i_rule_t *r = rule_of(g);
    veto_i_beliefs_t want, got, gotd;
    assert_true(veto_i_beliefs_init(&want, g->n, true));
    assert_true(veto_i_beliefs_init(&got, g->n, true));
    assert_true(veto_i_beliefs_init(&gotd, g->n, false));
    if (veto_i_enum_beliefs(&want, r, g->n, p, true, NULL, &err) != VETO_OK ||
        veto_i_dpref_beliefs(&got, g, p, true, NULL, &err) != VETO_OK ||
        veto_i_dpref_beliefs(&gotd, g, p, false, NULL, &err) != VETO_OK) {
        fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
    }
    if (!mpq_equal(want.p_act_q, got.p_act_q) ||
        fabs(want.p_act - gotd.p_act) > 1e-12) {
        fail_msg("seed %llu: p_act differs", (unsigned long long)seed);
    }
    for (size_t i = 0; i < g->n; i++) {
        if (!mpq_equal(want.p_dec_q[i], got.p_dec_q[i]) ||
            fabs(want.p_dec[i] - gotd.p_dec[i]) > 1e-12) {
            fail_msg("seed %llu: p_dec[%zu] differs", (unsigned long long)seed,
                     i);
        }
    }
    veto_i_beliefs_clear(&want);
    veto_i_beliefs_clear(&got);
    veto_i_beliefs_clear(&gotd);
    veto_i_rule_free(r);
}

static void random_game(veto_i_wgame_t *g, size_t n, unsigned it)
{
    assert_true(veto_i_wgame_alloc(g, n));
    unsigned long total = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned long w = rnd_below(31);
        mpz_set_ui(g->w[i], w);
        total += w;
    }
    /* Every tenth game at each edge: quota 0, total + 1, total. */
    unsigned long q = it % 10 == 0   ? 0
                      : it % 10 == 1 ? total + 1
                      : it % 10 == 2 ? total
                                     : rnd_below(total + 2);
    mpz_set_ui(g->quota, q);
}

static void test_counts_random(void **state)
{
    (void)state;
    uint64_t seed = 0xD9EFull;
    unsigned iters = (unsigned)vt_count(1000);
    for (unsigned it = 0; it < iters; it++) {
        rng_state = vt_seed(seed + it);
        veto_i_wgame_t g;
        random_game(&g, rnd_below(13), it);
        compare_counts(&g, seed + it);
        veto_i_wgame_clear(&g);
    }
}

/* Small games through every quota from 0 to total + 1. */
static void test_counts_all_quotas(void **state)
{
    (void)state;
    uint64_t seed = 0xA11CEull;
    for (unsigned it = 0; it < vt_count(40); it++) {
        rng_state = vt_seed(seed + it);
        veto_i_wgame_t g;
        random_game(&g, 1 + rnd_below(7), 3);
        unsigned long total = 0;
        for (size_t i = 0; i < g.n; i++) {
            total += mpz_get_ui(g.w[i]);
        }
        for (unsigned long q = 0; q <= total + 1; q++) {
            mpz_set_ui(g.quota, q);
            compare_counts(&g, seed + it);
        }
        veto_i_wgame_clear(&g);
    }
}

static void test_beliefs_random(void **state)
{
    (void)state;
    uint64_t seed = 0xB0B0ull;
    unsigned iters = (unsigned)vt_count(1000);
    mpq_t p[12];
    for (size_t i = 0; i < 12; i++) {
        mpq_init(p[i]);
    }
    for (unsigned it = 0; it < iters; it++) {
        rng_state = vt_seed(seed + it);
        veto_i_wgame_t g;
        random_game(&g, rnd_below(13), it);
        for (size_t i = 0; i < g.n; i++) {
            /* 0, 1/4, 1/2, 3/4, 1 and sevenths: few distinct values. */
            unsigned long v = rnd_below(7);
            if (v <= 4) {
                mpq_set_ui(p[i], v, 4);
            } else {
                mpq_set_ui(p[i], 1 + rnd_below(6), 7);
            }
            mpq_canonicalize(p[i]);
        }
        compare_beliefs(&g, (const mpq_t *)p, seed + it);
        veto_i_wgame_clear(&g);
    }
    for (size_t i = 0; i < 12; i++) {
        mpq_clear(p[i]);
    }
}

static void test_known_and_limits(void **state)
{
    (void)state;
    /* [6; 4, 3, 2, 1]: 7 winning, swings 5 3 3 1, SSI 5/12 1/4 1/4 1/12. */
    veto_i_wgame_t g;
    assert_true(veto_i_wgame_alloc(&g, 4));
    const unsigned long w[] = {4, 3, 2, 1};
    const unsigned long sw[] = {5, 3, 3, 1};
    const unsigned long ssi[] = {10, 6, 6, 2}; /* times 4! = 24 */
    for (size_t i = 0; i < 4; i++) {
        mpz_set_ui(g.w[i], w[i]);
    }
    mpz_set_ui(g.quota, 6);
    veto_i_counts_t c;
    veto_error_t err;
    veto_error_clear(&err);
    assert_true(veto_i_counts_init(&c, 4, NEEDS));
    assert_int_equal(veto_i_dpref_counts(&c, &g, NEEDS, NULL, &err), VETO_OK);
    assert_int_equal(mpz_cmp_ui(c.winning, 7), 0);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(mpz_cmp_ui(c.swings[i], sw[i]), 0);
        assert_int_equal(mpz_cmp_ui(c.ssi_num[i], ssi[i]), 0);
    }
    veto_i_counts_clear(&c);

    /* A quota far above the total behaves as total + 1 (nobody wins)
     * without a table as long as the quota. */
    mpz_ui_pow_ui(g.quota, 10, 30);
    assert_true(veto_i_counts_init(&c, 4, NEEDS));
    assert_int_equal(veto_i_dpref_counts(&c, &g, NEEDS, NULL, &err), VETO_OK);
    assert_int_equal(mpz_sgn(c.winning), 0);
    assert_int_equal(mpz_sgn(c.swings[0]), 0);
    veto_i_counts_clear(&c);

    /* A huge weight and quota: refused with ELIMIT, not attempted. */
    mpz_ui_pow_ui(g.w[0], 10, 30);
    mpz_ui_pow_ui(g.quota, 10, 29);
    assert_true(veto_i_counts_init(&c, 4, NEEDS));
    assert_int_equal(veto_i_dpref_counts(&c, &g, NEEDS, NULL, &err),
                     VETO_ELIMIT);
    veto_i_counts_clear(&c);
    /* Over a small memory budget: ELIMIT. */
    veto_i_ctx_t ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.max_memory = 4096;
    mpz_set_ui(g.w[0], 100000);
    mpz_set_ui(g.quota, 50000);
    assert_true(veto_i_counts_init(&c, 4, NEEDS));
    assert_int_equal(veto_i_dpref_counts(&c, &g, NEEDS, &ctx, &err),
                     VETO_ELIMIT);
    veto_i_counts_clear(&c);
    veto_i_wgame_clear(&g);
}

/* Every allocation failing in turn: ENOMEM or success, nothing leaked. */
/* test_oom's state: which run (0 counts, 1 beliefs, 2 exact beliefs),
 * the game, the beliefs, the reference and the fresh result. */
typedef struct dpref_oom {
    int what;
    const veto_i_wgame_t *g;
    const mpq_t *p;
    veto_i_counts_t ref, c;
    veto_i_beliefs_t refb, b;
    veto_error_t err;
} dpref_oom_t;

static veto_status dpref_oom_run(void *user, int reference)
{
    dpref_oom_t *o = user;
    return o->what == 0
               ? veto_i_dpref_counts(reference ? &o->ref : &o->c, o->g, NEEDS,
                                     NULL, &o->err)
               : veto_i_dpref_beliefs(reference ? &o->refb : &o->b, o->g, o->p,
                                      o->what == 2, NULL, &o->err);
}

static void dpref_oom_fresh(void *user)
{
    dpref_oom_t *o = user;
    assert_true(veto_i_counts_init(&o->c, 5, NEEDS));
    assert_true(veto_i_beliefs_init(&o->b, 5, o->what == 2));
}

static void dpref_oom_same(void *user)
{
    dpref_oom_t *o = user;
    if (o->what == 0) {
        assert_int_equal(mpz_cmp(o->c.winning, o->ref.winning), 0);
        for (size_t i = 0; i < 5; i++) {
            assert_int_equal(mpz_cmp(o->c.swings[i], o->ref.swings[i]), 0);
        }
    } else {
        assert_true(o->b.p_act == o->refb.p_act);
        if (o->what == 2) {
            assert_true(mpq_equal(o->b.p_act_q, o->refb.p_act_q));
        }
    }
}

static void dpref_oom_clear(void *user)
{
    dpref_oom_t *o = user;
    veto_i_beliefs_clear(&o->b);
    veto_i_counts_clear(&o->c);
}

static void test_oom(void **state)
{
    (void)state;
    veto_i_wgame_t g;
    assert_true(veto_i_wgame_alloc(&g, 5));
    for (size_t i = 0; i < 5; i++) {
        mpz_set_ui(g.w[i], 2 * i + 1);
    }
    mpz_set_ui(g.quota, 13);
    mpq_t p[5];
    for (size_t i = 0; i < 5; i++) {
        mpq_init(p[i]);
        mpq_set_ui(p[i], i, 4);
        mpq_canonicalize(p[i]);
    }
    /* vt_oom_loop: the k-th allocation failing gives ENOMEM (or success,
     * for an allocation the engine can do without), at least one k gives
     * ENOMEM, and past the last allocation the run succeeds with the
     * figures of a run without injection. */
    static const char *const what[3] = {"dpref counts", "dpref beliefs",
                                        "dpref exact beliefs"};
    for (int k = 0; k < 3; k++) {
        dpref_oom_t o;
        memset(&o, 0, sizeof o);
        o.what = k;
        o.g = &g;
        o.p = (const mpq_t *)p;
        veto_error_clear(&o.err);
        assert_true(veto_i_counts_init(&o.ref, 5, NEEDS));
        assert_true(veto_i_beliefs_init(&o.refb, 5, k == 2));
        vt_oom_t loop = {&o, dpref_oom_run, dpref_oom_fresh, dpref_oom_same,
                         dpref_oom_clear};
        assert_true(vt_oom_loop(&loop, what[k]));
        veto_i_beliefs_clear(&o.refb);
        veto_i_counts_clear(&o.ref);
    }
    for (size_t i = 0; i < 5; i++) {
        mpq_clear(p[i]);
    }
    veto_i_wgame_clear(&g);
}

int main(void)
{
    vt_begin("test_dpref");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_and_limits),
        cmocka_unit_test(test_counts_random),
        cmocka_unit_test(test_counts_all_quotas),
        cmocka_unit_test(test_beliefs_random),
        cmocka_unit_test(test_oom),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
