/*
 * test_ternary_engines.c: the three-valued engines (issue 10, phase 2)
 * held to `enum` (itself held to a brute force in test_ternary.c): bdd
 * (and dp where the rule is one threshold) equal to enum on every count,
 * index, property, P(act) and decisiveness probability of random
 * three-valued rules of up to 10 players with random beliefs (forced votes
 * among them), 500 rules times VETO_TEST_SCALE (2,000 in check-full); bdd
 * equal to dp on weighted rules of 100 to 140 players; mc's intervals
 * covering the exact values. A failure prints the seed.
 */
/* clang-format off: cmocka needs these first */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
/* clang-format on */
#include "exact/ternary.h"
#include "rule/rule_i.h"
#include "ternary_random.h"
#include "test_util.h"

/* Random beliefs for n players: yes a/d, abstain b/d, some forced. */
typedef struct beliefs {
    size_t n;
    mpq_t *yes, *ab;
} beliefs_t;

static void beliefs_make(beliefs_t *b, size_t n)
{
    b->n = n;
    b->yes = malloc(n * sizeof *b->yes);
    b->ab = malloc(n * sizeof *b->ab);
    assert_non_null(b->yes);
    assert_non_null(b->ab);
    for (size_t i = 0; i < n; i++) {
        mpq_init(b->yes[i]);
        mpq_init(b->ab[i]);
        random_belief(b->yes[i], b->ab[i], NULL);
    }
}

/* Two random beliefs for n players, and tb viewing them as the engines
 * take them. */
static void two_beliefs(beliefs_t bs[2], veto_i_tbelief_t tb[2], size_t n)
{
    for (size_t b = 0; b < 2; b++) {
        beliefs_make(&bs[b], n);
        tb[b].yes = (const mpq_t *)bs[b].yes;
        tb[b].abstain = (const mpq_t *)bs[b].ab;
    }
}

static void beliefs_free(beliefs_t *b)
{
    for (size_t i = 0; i < b->n; i++) {
        mpq_clear(b->yes[i]);
        mpq_clear(b->ab[i]);
    }
    free(b->yes);
    free(b->ab);
}

static int failures;

static void same_q(const mpq_t a, const mpq_t b, const char *what, size_t i,
                   uint64_t seed)
{
    if (!mpq_equal(a, b)) {
        gmp_fprintf(stderr, "seed %" PRIu64 ": %s[%zu]: %Qd against %Qd\n",
                    seed, what, i, a, b);
        failures++;
    }
}

static void same_z(const mpz_t a, const mpz_t b, const char *what, size_t i,
                   uint64_t seed)
{
    if (mpz_cmp(a, b) != 0) {
        gmp_fprintf(stderr, "seed %" PRIu64 ": %s[%zu]: %Zd against %Zd\n",
                    seed, what, i, a, b);
        failures++;
    }
}

static void same_b(bool a, bool b, const char *what, size_t i, uint64_t seed)
{
    if (a != b) {
        fprintf(stderr, "seed %" PRIu64 ": %s[%zu]: %d against %d\n", seed,
                what, i, a, b);
        failures++;
    }
}

/* Everything of t equal to the reference e (roll call unless missing). */
static void same(const veto_i_ternary_t *t, const veto_i_ternary_t *e,
                 uint64_t seed)
{
    size_t n = e->n;
    assert_int_equal(t->n, n);
    assert_int_equal(t->nbel, e->nbel);
    same_z(t->winning, e->winning, "winning", 0, seed);
    for (size_t k = 0; k < 3 * n; k++) {
        same_z(t->count[k], e->count[k], "count", k, seed);
    }
    same_b(t->banzhaf_undefined, e->banzhaf_undefined, "bz undefined", 0,
           seed);
    same_b(t->roll_call_undefined, e->roll_call_undefined, "rc undefined", 0,
           seed);
    for (size_t i = 0; i < n; i++) {
        same_z(t->raw[i], e->raw[i], "raw", i, seed);
        same_q(t->absolute[i], e->absolute[i], "absolute", i, seed);
        same_q(t->normalised[i], e->normalised[i], "normalised", i, seed);
        if (!t->roll_call_missing) {
            same_q(t->roll_call[i], e->roll_call[i], "roll call", i, seed);
        }
        same_b(t->veto_no[i], e->veto_no[i], "veto_no", i, seed);
        same_b(t->veto_unless_yes[i], e->veto_unless_yes[i], "veto_unless_yes",
               i, seed);
        same_b(t->dummy[i], e->dummy[i], "dummy", i, seed);
        same_b(t->abstention_matters[i], e->abstention_matters[i],
               "abstention_matters", i, seed);
    }
    for (size_t b = 0; b < e->nbel; b++) {
        same_q(t->bel[b].p_act, e->bel[b].p_act, "p_act", b, seed);
        for (size_t i = 0; i < n; i++) {
            same_q(t->bel[b].p_dec_na[i], e->bel[b].p_dec_na[i], "p_dec_na", i,
                   seed);
            same_q(t->bel[b].p_dec_ay[i], e->bel[b].p_dec_ay[i], "p_dec_ay", i,
                   seed);
            same_q(t->bel[b].p_dec_ny[i], e->bel[b].p_dec_ny[i], "p_dec_ny", i,
                   seed);
        }
    }
}

typedef veto_status (*engine_fn)(veto_i_ternary_t *, const veto_i_rule_t *,
                                 size_t, const veto_i_tbelief_t *, size_t,
                                 const veto_i_ctx_t *, veto_error_t *);

static void run(engine_fn f, veto_i_ternary_t *t, const veto_i_rule_t *r,
                size_t n, const beliefs_t *bs, size_t nb, uint64_t seed)
{
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    veto_i_tbelief_t tb[4];
    for (size_t b = 0; b < nb; b++) {
        tb[b].yes = (const mpq_t *)bs[b].yes;
        tb[b].abstain = (const mpq_t *)bs[b].ab;
    }
    veto_status s = f(t, r, n, tb, nb, &ctx, &err);
    if (s != VETO_OK) {
        fprintf(stderr, "seed %" PRIu64 ": %s\n", seed, err.message);
    }
    assert_int_equal(s, VETO_OK);
}

static void test_bdd_vs_enum(void **state)
{
    (void)state;
    size_t cases = (size_t)vt_count(500);
    failures = 0;
    for (size_t c = 0; c < cases && failures == 0; c++) {
        uint64_t seed = vt_seed(7000 + c);
        rng_state = seed;
        size_t n = 1 + rnd(10);
        veto_i_rule_t *r = random_rule(n, 2, 4, 6);
        beliefs_t bs[2];
        beliefs_make(&bs[0], n);
        beliefs_make(&bs[1], n);
        veto_i_ternary_t e, t;
        run(veto_i_ternary_enum, &e, r, n, bs, 2, seed);
        run(veto_i_ternary_bdd, &t, r, n, bs, 2, seed);
        assert_false(t.roll_call_missing);
        same(&t, &e, seed);
        veto_i_ternary_clear(&e);
        veto_i_ternary_clear(&t);
        beliefs_free(&bs[0]);
        beliefs_free(&bs[1]);
        veto_i_rule_free(r);
    }
    assert_int_equal(failures, 0);
}

static void test_dp_vs_enum(void **state)
{
    (void)state;
    size_t cases = (size_t)vt_count(500);
    failures = 0;
    for (size_t c = 0; c < cases && failures == 0; c++) {
        uint64_t seed = vt_seed(9000 + c);
        rng_state = seed;
        size_t n = 1 + rnd(10);
        veto_i_rule_t *r = random_term(n, 1 + rnd(6), -1, 6);
        beliefs_t bs[2];
        beliefs_make(&bs[0], n);
        beliefs_make(&bs[1], n);
        veto_i_ternary_t e, t;
        run(veto_i_ternary_enum, &e, r, n, bs, 2, seed);
        run(veto_i_ternary_dp, &t, r, n, bs, 2, seed);
        same(&t, &e, seed);
        veto_i_ternary_clear(&e);
        veto_i_ternary_clear(&t);
        beliefs_free(&bs[0]);
        beliefs_free(&bs[1]);
        veto_i_rule_free(r);
    }
    assert_int_equal(failures, 0);
}

/* dp refuses what is not one threshold. */
static void test_dp_refuses(void **state)
{
    (void)state;
    rng_state = 5;
    veto_i_rule_t **kids = veto_i_malloc(2 * sizeof *kids);
    assert_non_null(kids);
    kids[0] = random_term(6, 3, VETO_I_V_YES, 6);
    kids[1] = random_term(6, 3, VETO_I_V_ABSTAIN, 6);
    veto_i_rule_t *r = veto_i_rule_kof_make(2, kids, 2);
    assert_non_null(r);
    veto_i_ternary_t t;
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    if (r->kind == VETO_I_R_KOF) {
        assert_int_equal(veto_i_ternary_dp(&t, r, 6, NULL, 0, &ctx, &err),
                         VETO_EUNSUPPORTED);
    }
    veto_i_rule_free(r);
}

/* bdd equal to dp on weighted three-valued rules of 100 to 140 players
 * (of voting, at least abstain, yes), weights 1..20. */
static void test_bdd_vs_dp_large(void **state)
{
    (void)state;
    size_t cases = (size_t)vt_count(6);
    failures = 0;
    for (size_t c = 0; c < cases && failures == 0; c++) {
        uint64_t seed = vt_seed(11000 + c);
        rng_state = seed;
        size_t n = 100 + rnd(41);
        veto_i_ternary_t d, t;
        veto_i_rule_t *r = random_term(n, 20, (int)(c % 3), 6);
        beliefs_t bs[2];
        beliefs_make(&bs[0], n);
        beliefs_make(&bs[1], n);
        for (size_t i = 0; i < n; i++) {
            /* the second: yes 1/3, abstain 1/3 for all (dp's shortcut) */
            mpq_set_ui(bs[1].yes[i], 1, 3);
            mpq_set_ui(bs[1].ab[i], 1, 3);
        }
        run(veto_i_ternary_dp, &d, r, n, bs, 2, seed);
        run(veto_i_ternary_bdd, &t, r, n, bs, 2, seed);
        t.roll_call_missing = true; /* dp has none */
        same(&t, &d, seed);
        veto_i_ternary_clear(&d);
        veto_i_ternary_clear(&t);
        beliefs_free(&bs[0]);
        beliefs_free(&bs[1]);
        veto_i_rule_free(r);
    }
    assert_int_equal(failures, 0);
}

static int covers(double est, double hw, const mpq_t exact, const char *what,
                  size_t i, uint64_t seed)
{
    double x = mpq_get_d(exact);
    if (!(est - hw <= x + 1e-12 && x - 1e-12 <= est + hw)) {
        fprintf(stderr,
                "seed %" PRIu64 ": %s[%zu]: %g +- %g misses the exact %g\n",
                seed, what, i, est, hw, x);
        return 1;
    }
    return 0;
}

/* The intervals of t cover the exact values e; the number missed. */
static int tmc_covers(const veto_i_tmc_t *t, const veto_i_ternary_t *e,
                      size_t n, uint64_t seed)
{
    int miss = 0;
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, e->winning);
    mpz_ui_pow_ui(mpq_denref(q), 3, n);
    mpq_canonicalize(q);
    miss += covers(t->p_win, t->p_win_hw, q, "p_win", 0, seed);
    mpq_clear(q);
    for (size_t i = 0; i < n; i++) {
        miss +=
            covers(t->bz[i], t->bz_hw[i], e->absolute[i], "banzhaf", i, seed);
        if (!e->roll_call_undefined && !e->roll_call_missing) {
            miss += covers(t->ss[i], t->ss_hw[i], e->roll_call[i], "roll call",
                           i, seed);
        }
    }
    for (size_t b = 0; b < t->nbel; b++) {
        miss += covers(t->p_act[b], t->p_act_hw[b], e->bel[b].p_act, "p_act", b,
                       seed);
        for (size_t i = 0; i < n; i++) {
            size_t k = b * n + i;
            miss += covers(t->na[k], t->na_hw[k], e->bel[b].p_dec_na[i],
                           "no->abstain", i, seed);
            miss += covers(t->ay[k], t->ay_hw[k], e->bel[b].p_dec_ay[i],
                           "abstain->yes", i, seed);
            miss += covers(t->ny[k], t->ny_hw[k], e->bel[b].p_dec_ny[i],
                           "no->yes", i, seed);
        }
    }
    return miss;
}

/* mc's intervals (simultaneous at 1 - 1e-6) cover the exact values of
 * enum on random rules of up to 9 players with two beliefs. */
static void test_mc_covers(void **state)
{
    (void)state;
    size_t cases = (size_t)vt_count(20);
    int miss = 0;
    for (size_t c = 0; c < cases; c++) {
        uint64_t seed = vt_seed(13000 + c);
        rng_state = seed;
        size_t n = 2 + rnd(8);
        veto_i_rule_t *r = random_rule(n, 2, 4, 6);
        beliefs_t bs[2];
        veto_i_tbelief_t tb[2];
        two_beliefs(bs, tb, n);
        veto_i_ternary_t e;
        run(veto_i_ternary_enum, &e, r, n, bs, 2, seed);
        veto_i_tmc_t t;
        veto_i_ctx_t ctx;
        veto_error_t err;
        memset(&ctx, 0, sizeof ctx);
        memset(&err, 0, sizeof err);
        ctx.seed = seed;
        ctx.samples = 20000;
        ctx.confidence = 1 - 1e-6;
        assert_int_equal(veto_i_ternary_mc(&t, r, n, true, true, tb, 2, &ctx,
                                           &err),
                         VETO_OK);
        assert_int_equal(t.samples, 20000);
        assert_int_equal(t.nbel, 2);
        miss += tmc_covers(&t, &e, n, seed);
        veto_i_tmc_clear(&t);
        veto_i_ternary_clear(&e);
        beliefs_free(&bs[0]);
        beliefs_free(&bs[1]);
        veto_i_rule_free(r);
    }
    assert_int_equal(miss, 0);
}

/* A stopped run's estimates equal those of a plain run of as many
 * samples, to the bit (its intervals are wider: valid at every
 * checkpoint). */
static void tmc_same_estimates(const veto_i_tmc_t *t, const veto_i_tmc_t *ref,
                               size_t n)
{
    assert_memory_equal(t->bz, ref->bz, n * sizeof(double));
    assert_memory_equal(t->ss, ref->ss, n * sizeof(double));
    assert_memory_equal(t->na, ref->na, n * sizeof(double));
    assert_memory_equal(t->ay, ref->ay, n * sizeof(double));
    assert_memory_equal(t->ny, ref->ny, n * sizeof(double));
    assert_memory_equal(&t->p_win, &ref->p_win, sizeof(double));
    assert_memory_equal(t->p_act, ref->p_act, sizeof(double));
}

/* Two Monte Carlo results identical to the bit (estimates, half-widths,
 * sample counts), or the seed and the first difference printed. */
static int tmc_same(const veto_i_tmc_t *a, const veto_i_tmc_t *b, uint64_t seed,
                    unsigned threads)
{
    size_t n = a->n, nb = a->nbel;
    struct {
        const char *what;
        const double *x, *y;
        size_t k;
    } arr[] = {
        {"bz", a->bz, b->bz, n},
        {"bz_hw", a->bz_hw, b->bz_hw, n},
        {"ss", a->ss, b->ss, n},
        {"ss_hw", a->ss_hw, b->ss_hw, n},
        {"p_win", &a->p_win, &b->p_win, 1},
        {"p_win_hw", &a->p_win_hw, &b->p_win_hw, 1},
        {"p_act", a->p_act, b->p_act, nb},
        {"p_act_hw", a->p_act_hw, b->p_act_hw, nb},
        {"na", a->na, b->na, nb * n},
        {"na_hw", a->na_hw, b->na_hw, nb * n},
        {"ay", a->ay, b->ay, nb * n},
        {"ay_hw", a->ay_hw, b->ay_hw, nb * n},
        {"ny", a->ny, b->ny, nb * n},
        {"ny_hw", a->ny_hw, b->ny_hw, nb * n},
    };
    if (a->n != b->n || a->nbel != b->nbel || a->samples != b->samples ||
        a->planned != b->planned || a->have_bz != b->have_bz ||
        a->have_ss != b->have_ss || a->stopped_early != b->stopped_early) {
        fprintf(stderr, "seed %" PRIu64 ", %u threads: shapes differ\n", seed,
                threads);
        return 1;
    }
    for (size_t k = 0; k < sizeof arr / sizeof arr[0]; k++) {
        if ((arr[k].x == NULL) != (arr[k].y == NULL)) {
            fprintf(stderr, "seed %" PRIu64 ", %u threads: %s missing\n", seed,
                    threads, arr[k].what);
            return 1;
        }
        for (size_t i = 0; arr[k].x != NULL && i < arr[k].k; i++) {
            if (memcmp(&arr[k].x[i], &arr[k].y[i], sizeof(double)) != 0) {
                fprintf(stderr,
                        "seed %" PRIu64 ", %u threads: %s[%zu] %.17g "
                        "against %.17g with one thread\n",
                        seed, threads, arr[k].what, i, arr[k].y[i],
                        arr[k].x[i]);
                return 1;
            }
        }
    }
    return 0;
}

/* mc on several threads: the same output to the bit as on one thread for
 * a fixed seed (blocks keyed by the seed and the block, counts summed in
 * integers), with and without the checkpoints of stop_at_deadline, over
 * seven blocks the last of them partial; the threaded estimates' intervals
 * cover the exact values of bdd on random rules of 4 to 12 players (3
 * times the scale: each is eight runs of 25,576 samples); another seed
 * gives other numbers. */
static void test_mc_threads(void **state)
{
    (void)state;
    size_t cases = (size_t)vt_count(3);
    int miss = 0;
    for (size_t c = 0; c < cases; c++) {
        uint64_t seed = vt_seed(15000 + c);
        rng_state = seed;
        size_t n = 4 + rnd(9);
        veto_i_rule_t *r = random_rule(n, 2, 4, 6);
        beliefs_t bs[2];
        veto_i_tbelief_t tb[2];
        two_beliefs(bs, tb, n);
        veto_i_ternary_t e;
        run(veto_i_ternary_bdd, &e, r, n, bs, 2, seed);
        for (int anytime = 0; anytime < 2; anytime++) {
            veto_i_tmc_t one, t;
            veto_i_ctx_t ctx;
            veto_error_t err;
            memset(&ctx, 0, sizeof ctx);
            memset(&err, 0, sizeof err);
            ctx.seed = seed;
            ctx.samples = 6 * 4096 + 1000;
            ctx.confidence = 1 - 1e-6;
            ctx.threads = 1;
            assert_int_equal(veto_i_ternary_mc_opts(&one, r, n, true, true, tb,
                                                    2, anytime, &ctx, &err),
                             VETO_OK);
            assert_int_equal(one.samples, ctx.samples);
            for (unsigned th = 2; th <= 3; th++) {
                ctx.threads = th;
                assert_int_equal(veto_i_ternary_mc_opts(&t, r, n, true, true,
                                                        tb, 2, anytime, &ctx,
                                                        &err),
                                 VETO_OK);
                miss += tmc_same(&one, &t, seed, th);
                if (th == 2) {
                    miss += tmc_covers(&t, &e, n, seed);
                }
                veto_i_tmc_clear(&t);
            }
            ctx.seed = seed + 1;
            ctx.threads = 2;
            assert_int_equal(veto_i_ternary_mc_opts(&t, r, n, true, true, tb, 2,
                                                    anytime, &ctx, &err),
                             VETO_OK);
            assert_true(memcmp(one.p_act, t.p_act, 2 * sizeof(double)) != 0 ||
                        memcmp(one.bz, t.bz, n * sizeof(double)) != 0);
            veto_i_tmc_clear(&t);
            veto_i_tmc_clear(&one);
        }
        veto_i_ternary_clear(&e);
        beliefs_free(&bs[0]);
        beliefs_free(&bs[1]);
        veto_i_rule_free(r);
    }
    assert_int_equal(miss, 0);
}

static double tick_clock(void *user)
{
    double *t = user;
    return ++*t;
}

/* Stopped by the deadline on 1, 2 and 3 threads: a clock that ticks once
 * a poll (polls come after each round of one block per thread, rounds end
 * at the checkpoints 1, 2, 4, 8, 16 and 20 of 20 blocks) and a deadline
 * of 5.5 ticks stop the run at checkpoint 4 on one thread, 8 on two or
 * three; the estimates are then those of a complete one-thread run of as
 * many samples, to the bit, with intervals no narrower. */
static void test_mc_threads_stopped(void **state)
{
    (void)state;
    rng_state = vt_seed(16000);
    size_t n = 6;
    veto_i_rule_t *r = random_rule(n, 2, 4, 6);
    beliefs_t bs;
    beliefs_make(&bs, n);
    veto_i_tbelief_t tb = {(const mpq_t *)bs.yes, (const mpq_t *)bs.ab};
    static const uint64_t want[4] = {0, 4 * 4096, 8 * 4096, 8 * 4096};
    for (unsigned th = 1; th <= 3; th++) {
        veto_i_tmc_t t, ref;
        veto_i_ctx_t ctx;
        veto_error_t err;
        double ticks = 0;
        memset(&ctx, 0, sizeof ctx);
        memset(&err, 0, sizeof err);
        ctx.seed = 21;
        ctx.samples = 20 * 4096;
        ctx.threads = th;
        ctx.clock = tick_clock;
        ctx.clock_user = &ticks;
        ctx.deadline = 5.5;
        assert_int_equal(veto_i_ternary_mc_opts(&t, r, n, true, true, &tb, 1,
                                                true, &ctx, &err),
                         VETO_OK);
        assert_true(t.stopped_early);
        assert_int_equal(t.planned, 20 * 4096);
        assert_int_equal(t.samples, want[th]);
        ctx.samples = t.samples;
        ctx.threads = 1;
        ctx.deadline = 0;
        assert_int_equal(veto_i_ternary_mc_opts(&ref, r, n, true, true, &tb, 1,
                                                false, &ctx, &err),
                         VETO_OK);
        tmc_same_estimates(&t, &ref, n);
        for (size_t i = 0; i < n; i++) {
            assert_true(t.bz_hw[i] >= ref.bz_hw[i]);
            assert_true(t.ny_hw[i] >= ref.ny_hw[i]);
        }
        veto_i_tmc_clear(&t);
        veto_i_tmc_clear(&ref);
    }
    beliefs_free(&bs);
    veto_i_rule_free(r);
}

/* A term over all n players: vote (VETO_I_V_*), weight 1 + i % wmod for
 * player i, quota q (or, of voting, more than half of the votes cast). */
static veto_i_rule_t *full_term(size_t n, int vote, unsigned long wmod,
                                unsigned long q)
{
    veto_i_rule_t *r = veto_i_rule_term_new(n);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) {
        r->player[i] = i;
        mpz_set_ui(r->w[i], 1 + i % wmod);
    }
    r->vote = (unsigned char)vote;
    if (vote == VETO_I_V_OF_VOTING) {
        mpq_set_ui(r->share, 1, 2);
        r->of_strict = true;
    } else {
        mpz_set_ui(r->quota, q);
    }
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

/* A model large enough for blocks below 4,096 (issue: --timeout within a
 * block): an assembly of 40, a quorum of 20 present, a majority of the
 * votes cast and yes weights (1..7) of more than half; every kind and one
 * belief. Estimated cost of one sample (ternary_mc.c): an evaluation
 * reads 1 + 3 (1 + 40) = 124; Banzhaf 40 + 81 * 124 = 10,084, roll call
 * 3 * 40 + (2 + 2 * 6)(124 + 40) = 2,416, the belief 40 + 121 * 124 =
 * 15,044: 27,544 a sample, so 2^24 / 27,544 = 609 samples a block. Over
 * 2.5 blocks: the same output to the bit on 1, 2 and 3 threads (with the
 * checkpoints); and on 2 threads a deadline that falls inside a block
 * stops the run at the checkpoint before, with the estimates of a plain
 * one-thread run of as many samples: thread 0 draws the first block of
 * every round and polls inside it after 2^22 player-reads (three times in
 * a block of 609 * 27,544 = 16,774,296), a tick a poll, and once after
 * the round; before the first checkpoint it polls inside for cancellation
 * only. Round 1 (block 0) reads tick 1, round 2 (block 1, up to
 * checkpoint 2) ticks 2 to 5, and tick 6 > 5.5 comes inside block 2 (300
 * samples, round 3, up to checkpoint 3): the run stops at checkpoint
 * 2. */
static void test_mc_large_blocks(void **state)
{
    (void)state;
    size_t n = 40;
    veto_i_rule_t **kids = veto_i_malloc(3 * sizeof *kids);
    assert_non_null(kids);
    kids[0] = full_term(n, VETO_I_V_ABSTAIN, 1, 20);
    kids[1] = full_term(n, VETO_I_V_OF_VOTING, 1, 0);
    kids[2] = full_term(n, VETO_I_V_YES, 7, 78); /* of 155 */
    veto_i_rule_t *r = veto_i_rule_kof_make(3, kids, 3);
    assert_non_null(r);
    rng_state = vt_seed(17000);
    beliefs_t bs;
    beliefs_make(&bs, n);
    veto_i_tbelief_t tb = {(const mpq_t *)bs.yes, (const mpq_t *)bs.ab};
    veto_i_tmc_t one, t, ref;
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    ctx.seed = 31;
    ctx.samples = 2 * 609 + 300;
    ctx.confidence = 1 - 1e-6;
    ctx.threads = 1;
    assert_int_equal(veto_i_ternary_mc_opts(&one, r, n, true, true, &tb, 1,
                                            true, &ctx, &err),
                     VETO_OK);
    assert_int_equal(one.block, 609);
    assert_int_equal(one.samples, ctx.samples);
    assert_false(one.stopped_early);
    int miss = 0;
    for (unsigned th = 2; th <= 3; th++) {
        ctx.threads = th;
        assert_int_equal(veto_i_ternary_mc_opts(&t, r, n, true, true, &tb, 1,
                                                true, &ctx, &err),
                         VETO_OK);
        miss += tmc_same(&one, &t, 31, th);
        veto_i_tmc_clear(&t);
    }
    assert_int_equal(miss, 0);
    /* the quorum: nobody is decisive between abstaining and voting yes
     * alone more often than between no and yes */
    for (size_t i = 0; i < n; i++) {
        assert_true(one.ay[i] <= one.ny[i]);
    }
    double ticks = 0;
    ctx.threads = 2;
    ctx.clock = tick_clock;
    ctx.clock_user = &ticks;
    ctx.deadline = 5.5;
    assert_int_equal(
        veto_i_ternary_mc_opts(&t, r, n, true, true, &tb, 1, true, &ctx, &err),
        VETO_OK);
    assert_true(t.stopped_early);
    assert_int_equal(t.samples, 2 * 609);
    assert_true(ticks == 6);
    ctx.threads = 1;
    ctx.clock = NULL;
    ctx.deadline = 0;
    ctx.samples = t.samples;
    assert_int_equal(veto_i_ternary_mc_opts(&ref, r, n, true, true, &tb, 1,
                                            false, &ctx, &err),
                     VETO_OK);
    tmc_same_estimates(&t, &ref, n);
    veto_i_tmc_clear(&ref);
    veto_i_tmc_clear(&t);
    veto_i_tmc_clear(&one);
    beliefs_free(&bs);
    veto_i_rule_free(r);
}

static veto_status run_mc_engine(veto_i_ternary_t *out,
                                 const veto_i_rule_t *r, size_t n,
                                 const veto_i_tbelief_t *bel, size_t nbel,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_i_tmc_t t;
    memset(out, 0, sizeof *out);
    veto_i_ctx_t c = *ctx;
    c.samples = 5000; /* two blocks: a workspace for each of two threads */
    c.threads = 2;
    veto_status s = veto_i_ternary_mc(&t, r, n, true, true, bel, nbel, &c, err);
    if (s == VETO_OK) {
        veto_i_tmc_clear(&t);
    }
    return s;
}

/* Every allocation of bdd, dp and mc failing in turn: VETO_ENOMEM, no
 * crash, nothing leaked (the sanitizer build checks). */
static void test_oom(void **state)
{
    (void)state;
    engine_fn fns[3] = {veto_i_ternary_bdd, veto_i_ternary_dp, run_mc_engine};
    for (int e = 0; e < 3; e++) {
        rng_state = 77;
        veto_i_rule_t *r = e == 1 ? random_term(7, 4, VETO_I_V_OF_VOTING, 6)
                                  : random_rule(7, 2, 4, 6);
        beliefs_t bs[2];
        beliefs_make(&bs[0], 7);
        beliefs_make(&bs[1], 7);
        veto_i_tbelief_t tb[2];
        for (size_t b = 0; b < 2; b++) {
            tb[b].yes = (const mpq_t *)bs[b].yes;
            tb[b].abstain = (const mpq_t *)bs[b].ab;
        }
        veto_i_ctx_t ctx;
        memset(&ctx, 0, sizeof ctx);
        for (uint64_t k = 1;; k++) {
            veto_error_t err;
            memset(&err, 0, sizeof err);
            veto_i_ternary_t t;
            veto_i_alloc_fail_after(k);
            veto_status s = fns[e](&t, r, 7, tb, 2, &ctx, &err);
            uint64_t made = veto_i_alloc_fail_after(0);
            if (s == VETO_OK) {
                veto_i_ternary_clear(&t);
                if (made < k) {
                    break;
                }
                continue;
            }
            assert_int_equal(s, VETO_ENOMEM);
            assert_true(k < 100000);
        }
        beliefs_free(&bs[0]);
        beliefs_free(&bs[1]);
        veto_i_rule_free(r);
    }
}

int main(void)
{
    vt_begin("test_ternary_engines");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bdd_vs_enum),
        cmocka_unit_test(test_dp_vs_enum),
        cmocka_unit_test(test_dp_refuses),
        cmocka_unit_test(test_bdd_vs_dp_large),
        cmocka_unit_test(test_mc_covers),
        cmocka_unit_test(test_mc_threads),
        cmocka_unit_test(test_mc_threads_stopped),
        cmocka_unit_test(test_mc_large_blocks),
        cmocka_unit_test(test_oom),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
