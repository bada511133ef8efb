/*
 * test_blocs.c: shared and bloc beliefs, weighted scenarios (issue 11).
 *
 * Published and hand-checked values:
 * - UN Security Council (9 of 15, all five permanent members), every
 *   member sharing one yes-probability p: P(act) = 283/1716 for p ~ U(0,1)
 *   = Beta(1, 1) and 14251/136136 for Beta(2, 2) (the figures;
 *   with p uniform, P(act) = sum_k W_k / ((n + 1) C(n, k)), W_k the winning
 *   coalitions of size k, here W_k = C(10, k - 5) for k >= 9).
 * - Straffin's homogeneity model (Public Choice 30, 1977): with p ~ U(0, 1)
 *   shared by everyone, a player's probability of being decisive is its
 *   Shapley-Shubik index (421/2145 and 4/2145 in the Council; Felsenthal
 *   and Machover 1998, ch. 3), here on 500 random games (scaled).
 * - Unanimity of k under a shared uniform p: E[p^k] = 1/(k + 1).
 * - "Each acts" among nine guarantors under a shared uniform p:
 *   1 - E[(1 - p)^9] = 9/10 (the Istanbul rule with China and Russia out).
 *
 * Differential: enum (counts by yes votes inside each bloc), bdd and dp
 * (the quadrature over the blocs' grid) against a brute force written here
 * (every coalition weighted by its own product of Beta moments), exactly,
 * on 1000 random rules of up to 12 players with random blocs (scaled by
 * VETO_TEST_SCALE); Monte Carlo's intervals against the exact values.
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

#include "analysis/analysis.h"
#include "model/model.h"
#include "random_rule.h"
#include "rule/rule_i.h"
#include "sample/mc.h"
#include "test_util.h"

/* ---- helpers ------------------------------------------------------------- */

static void ctx_init(veto_i_ctx_t *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->threads = 1;
    ctx->max_memory = 1ull << 30;
}

/* A random and / or / k-of tree of random terms over n players
 * (random_rule.h), in this test's shape. */
static veto_i_rule_t *random_rule(uint64_t *s, size_t n, int depth)
{
    static const random_shape_t shape = {40, 71, 3, {1, 3, 20, 0}, 2};
    return random_rule_shaped(s, &shape, n, depth);
}

/* Random blocs over n players: each player joins one of nb blocs or none. */
typedef struct blocs {
    size_t n, nb;
    veto_i_bloc_t bl[4];
    long of[32];
} blocs_t;

static void blocs_random(blocs_t *B, uint64_t *s, size_t n)
{
    memset(B, 0, sizeof *B);
    B->n = n;
    size_t want = rnd(s, 4); /* 0..3 blocs */
    for (size_t i = 0; i < n; i++) {
        B->of[i] =
            want > 0 && rnd(s, 100) < 60 ? (long)rnd(s, (unsigned)want) : -1;
    }
    /* renumber the blocs that got members */
    long map[4] = {-1, -1, -1, -1};
    for (size_t i = 0; i < n; i++) {
        if (B->of[i] >= 0 && map[B->of[i]] < 0) {
            map[B->of[i]] = (long)B->nb++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (B->of[i] >= 0) {
            B->of[i] = map[B->of[i]];
        }
    }
    for (size_t k = 0; k < B->nb; k++) {
        veto_i_bloc_t *b = &B->bl[k];
        mpq_init(b->a);
        mpq_init(b->b);
        /* halves and integers from 1/2 to 5 */
        mpq_set_ui(b->a, 1 + rnd(s, 10), 2);
        mpq_canonicalize(b->a);
        mpq_set_ui(b->b, 1 + rnd(s, 10), 2);
        mpq_canonicalize(b->b);
        b->member = calloc(n + 1, sizeof *b->member);
        assert_non_null(b->member);
        for (size_t i = 0; i < n; i++) {
            if (B->of[i] == (long)k) {
                b->member[b->m++] = i;
            }
        }
    }
}

static void blocs_shared(blocs_t *B, size_t n, unsigned long a, unsigned long b)
{
    memset(B, 0, sizeof *B);
    B->n = n;
    B->nb = 1;
    mpq_init(B->bl[0].a);
    mpq_init(B->bl[0].b);
    mpq_set_ui(B->bl[0].a, a, 1);
    mpq_set_ui(B->bl[0].b, b, 1);
    B->bl[0].member = calloc(n + 1, sizeof *B->bl[0].member);
    assert_non_null(B->bl[0].member);
    for (size_t i = 0; i < n; i++) {
        B->bl[0].member[i] = i;
        B->of[i] = 0;
    }
    B->bl[0].m = n;
}

static void blocs_clear(blocs_t *B)
{
    for (size_t k = 0; k < B->nb; k++) {
        mpq_clear(B->bl[k].a);
        mpq_clear(B->bl[k].b);
        free(B->bl[k].member);
    }
}

/* E[p^k (1 - p)^(m - k)] for p ~ Beta(a, b), written out here as the
 * ratio of rising factorials, independently of the library's. */
static void moment(mpq_t out, const mpq_t a, const mpq_t b, size_t k, size_t m)
{
    mpq_t t;
    mpq_init(t);
    mpq_set_ui(out, 1, 1);
    for (size_t s = 0; s < k; s++) {
        mpq_set_ui(t, (unsigned long)s, 1);
        mpq_add(t, t, a);
        mpq_mul(out, out, t);
    }
    for (size_t s = 0; s < m - k; s++) {
        mpq_set_ui(t, (unsigned long)s, 1);
        mpq_add(t, t, b);
        mpq_mul(out, out, t);
    }
    for (size_t s = 0; s < m; s++) {
        mpq_set_ui(t, (unsigned long)s, 1);
        mpq_add(t, t, a);
        mpq_add(t, t, b);
        mpq_div(out, out, t);
    }
    mpq_clear(t);
}

/* Brute force: every coalition with its probability under the blocs
 * (players outside blocs independent with bel[]); P(decisive) of i over
 * the coalitions of the others with i's own vote left out of the law. */
static void brute(mpq_t p_act, mpq_t *p_dec, const veto_i_rule_t *r, size_t n,
                  const mpq_t *bel, const blocs_t *B)
{
    unsigned char in[32];
    mpq_t pr, t, one_minus;
    mpq_init(pr);
    mpq_init(t);
    mpq_init(one_minus);
    mpq_set_ui(p_act, 0, 1);
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(p_dec[i], 0, 1);
    }
    for (long skip = -1; skip < (long)n; skip++) {
        for (uint64_t mask = 0; mask < (1ull << n); mask++) {
            if (skip >= 0 && ((mask >> skip) & 1u)) {
                continue;
            }
            for (size_t i = 0; i < n; i++) {
                in[i] = (unsigned char)((mask >> i) & 1u);
            }
            bool win = veto_i_rule_eval(r, in);
            if (skip >= 0) {
                in[skip] = 1;
                bool win1 = veto_i_rule_eval(r, in);
                in[skip] = 0;
                if (win1 == win) {
                    continue;
                }
            } else if (!win) {
                continue;
            }
            mpq_set_ui(pr, 1, 1);
            size_t yes[4] = {0}, size[4] = {0};
            for (size_t i = 0; i < n; i++) {
                if ((long)i == skip) {
                    continue;
                }
                if (B->of[i] >= 0) {
                    size[B->of[i]]++;
                    yes[B->of[i]] += in[i];
                    continue;
                }
                if (in[i]) {
                    mpq_mul(pr, pr, bel[i]);
                } else {
                    mpq_set_ui(one_minus, 1, 1);
                    mpq_sub(one_minus, one_minus, bel[i]);
                    mpq_mul(pr, pr, one_minus);
                }
            }
            for (size_t k = 0; k < B->nb; k++) {
                moment(t, B->bl[k].a, B->bl[k].b, yes[k], size[k]);
                mpq_mul(pr, pr, t);
            }
            if (skip < 0) {
                mpq_add(p_act, p_act, pr);
            } else {
                mpq_add(p_dec[skip], p_dec[skip], pr);
            }
        }
    }
    mpq_clear(pr);
    mpq_clear(t);
    mpq_clear(one_minus);
}

static mpq_t *qvec(size_t n)
{
    mpq_t *v = calloc(n + 1, sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++) {
        mpq_init(v[i]);
    }
    return v;
}

static void qvec_free(mpq_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mpq_clear(v[i]);
    }
    free(v);
}

static void assert_q_equal(const mpq_t got, const mpq_t want, const char *what,
                           uint64_t seed)
{
    if (!mpq_equal(got, want)) {
        gmp_fprintf(stderr, "%s: got %Qd, want %Qd (seed %llu)\n", what, got,
                    want, (unsigned long long)seed);
        fail();
    }
}

/* ---- the quadrature ------------------------------------------------------ */

/* sum_j w_j x_j^r = E[p^r] exactly for r <= m, both kinds of points. */
static void test_grid_exact_degree(void **state)
{
    (void)state;
    static const unsigned long ab[][4] = {
        {1, 1, 1, 1}, {2, 1, 2, 1}, {4, 1, 1, 1}, {1, 2, 4, 1}, {3, 2, 5, 3}};
    mpq_t a, b, sum, t, want;
    mpq_init(a);
    mpq_init(b);
    mpq_init(sum);
    mpq_init(t);
    mpq_init(want);
    for (size_t c = 0; c < sizeof ab / sizeof ab[0]; c++) {
        mpq_set_ui(a, ab[c][0], ab[c][1]);
        mpq_set_ui(b, ab[c][2], ab[c][3]);
        mpq_canonicalize(a);
        mpq_canonicalize(b);
        for (size_t m = 1; m <= 40; m += (m < 10 ? 1 : 7)) {
            for (int exact = 0; exact <= 1; exact++) {
                veto_i_bloc_grid_t q;
                assert_true(veto_i_bloc_grid(&q, a, b, m, exact != 0));
                double wsum = 0, wabs = 0;
                for (size_t r = 0; r <= m; r++) {
                    mpq_set_ui(sum, 0, 1);
                    for (size_t j = 0; j <= m; j++) {
                        mpq_set_ui(t, 1, 1);
                        for (size_t e = 0; e < r; e++) {
                            mpq_mul(t, t, q.node[j]);
                        }
                        mpq_mul(t, t, q.weight[j]);
                        mpq_add(sum, sum, t);
                    }
                    moment(want, a, b, r, r);
                    assert_q_equal(sum, want, "moment", m);
                }
                for (size_t j = 0; j <= m; j++) {
                    wsum += q.weight_d[j];
                    wabs += fabs(q.weight_d[j]);
                    assert_true(mpq_sgn(q.node[j]) >= 0 &&
                                mpq_cmp_ui(q.node[j], 1, 1) <= 0);
                }
                /* Chebyshev points keep the weights small: no
                 * cancellation in a sum of doubles (equispaced points,
                 * used only in exact sums, do not). */
                if (!exact) {
                    if (!(fabs(wsum - 1) < 1e-12 && wabs < 4)) {
                        fail_msg("m %zu: weights sum to %.17g, |w| %g", m, wsum,
                                 wabs);
                    }
                }
                veto_i_bloc_grid_clear(&q);
            }
        }
    }
    mpq_clear(a);
    mpq_clear(b);
    mpq_clear(sum);
    mpq_clear(t);
    mpq_clear(want);
}

/* ---- engines against the brute force ------------------------------------- */

static void run_engine(veto_i_beliefs_t *eb, veto_method m,
                       const veto_i_rule_t *r, const veto_i_wgame_t *g,
                       size_t n, const mpq_t *bel, const blocs_t *B, bool exact)
{
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    veto_error_t err;
    veto_error_clear(&err);
    assert_true(veto_i_beliefs_init(eb, n, exact));
    veto_status rc = veto_i_bloc_beliefs(eb, m, r, g, n, bel, B->bl, B->nb,
                                         exact, &ctx, &err);
    if (rc != VETO_OK) {
        fail_msg("%s: %s", veto_method_name(m), err.message);
    }
}

static void test_engines_vs_brute(void **state)
{
    (void)state;
    uint64_t cases = vt_count(1000);
    for (uint64_t c = 0; c < cases; c++) {
        uint64_t seed = vt_seed(1100000 + c);
        uint64_t s = seed;
        size_t n = 1 + rnd(&s, 12);
        veto_i_rule_t *r = random_rule(&s, n, (int)rnd(&s, 3));
        blocs_t B;
        blocs_random(&B, &s, n);
        mpq_t *bel = qvec(n);
        for (size_t i = 0; i < n; i++) {
            unsigned d = 1 + rnd(&s, 8);
            mpq_set_ui(bel[i], rnd(&s, d + 1), d);
            mpq_canonicalize(bel[i]);
        }
        mpq_t want_act;
        mpq_init(want_act);
        mpq_t *want_dec = qvec(n);
        brute(want_act, want_dec, r, n, (const mpq_t *)bel, &B);

        veto_i_wgame_t g;
        memset(&g, 0, sizeof g);
        veto_status wrc = VETO_OK;
        bool weighted = veto_i_rule_weighted(&g, r, n, &wrc);
        assert_int_equal(wrc, VETO_OK);
        veto_method ms[3] = {VETO_METHOD_ENUM, VETO_METHOD_BDD, VETO_METHOD_DP};
        for (size_t k = 0; k < (weighted ? 3u : 2u); k++) {
            veto_i_beliefs_t eb;
            run_engine(&eb, ms[k], r, weighted ? &g : NULL, n,
                       (const mpq_t *)bel, &B, true);
            assert_q_equal(eb.p_act_q, want_act, veto_method_name(ms[k]), seed);
            for (size_t i = 0; i < n; i++) {
                assert_q_equal(eb.p_dec_q[i], want_dec[i],
                               veto_method_name(ms[k]), seed);
            }
            veto_i_beliefs_clear(&eb);
            /* doubles: the Chebyshev grid, rounded once per point */
            run_engine(&eb, ms[k], r, weighted ? &g : NULL, n,
                       (const mpq_t *)bel, &B, false);
            if (fabs(eb.p_act - mpq_get_d(want_act)) > 1e-12) {
                fail_msg("%s doubles: %.17g vs %.17g (seed %llu)",
                         veto_method_name(ms[k]), eb.p_act, mpq_get_d(want_act),
                         (unsigned long long)seed);
            }
            for (size_t i = 0; i < n; i++) {
                assert_true(fabs(eb.p_dec[i] - mpq_get_d(want_dec[i])) < 1e-12);
            }
            veto_i_beliefs_clear(&eb);
        }
        if (weighted) {
            veto_i_wgame_clear(&g);
        }
        mpq_clear(want_act);
        qvec_free(want_dec, n);
        qvec_free(bel, n);
        blocs_clear(&B);
        veto_i_rule_free(r);
    }
}

/* bdd under blocs with the k-th allocation failing, for every k: VETO_OK
 * once k passes the run's allocations, VETO_ENOMEM with a message before
 * (and nothing leaked: the sanitizer build runs this). */
static void test_bdd_blocs_oom(void **state)
{
    (void)state;
    uint64_t s = vt_seed(1300000);
    size_t n = 8;
    veto_i_rule_t *r = NULL;
    blocs_t B;
    do {
        if (r != NULL) {
            blocs_clear(&B);
            veto_i_rule_free(r);
        }
        r = random_rule(&s, n, 2);
        blocs_random(&B, &s, n);
    } while (B.nb < 2);
    mpq_t *bel = qvec(n);
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(bel[i], 1 + rnd(&s, 3), 5);
    }
    veto_i_ctx_t ctx;
    ctx_init(&ctx);
    for (int exact = 0; exact < 2; exact++) {
        for (uint64_t k = 1;; k++) {
            veto_i_beliefs_t eb;
            assert_true(veto_i_beliefs_init(&eb, n, exact));
            veto_error_t err;
            veto_error_clear(&err);
            veto_i_alloc_fail_after(k);
            veto_status rc = veto_i_bloc_beliefs(&eb, VETO_METHOD_BDD, r, NULL,
                                                 n, (const mpq_t *)bel, B.bl,
                                                 B.nb, exact != 0, &ctx, &err);
            uint64_t made = veto_i_alloc_fail_after(0);
            veto_i_beliefs_clear(&eb);
            if (made < k) {
                assert_int_equal(rc, VETO_OK);
                break;
            }
            if (rc != VETO_ENOMEM) {
                fail_msg("k = %llu: status %d (%s)", (unsigned long long)k,
                         (int)rc, err.message);
            }
            assert_true(err.message[0] != '\0');
        }
    }
    qvec_free(bel, n);
    blocs_clear(&B);
    veto_i_rule_free(r);
}

/* ---- Straffin: shared uniform p gives the Shapley-Shubik index ---------- */

static void test_straffin_random(void **state)
{
    (void)state;
    uint64_t cases = vt_count(500);
    mpz_t fact;
    mpq_t ssi;
    mpz_init(fact);
    mpq_init(ssi);
    for (uint64_t c = 0; c < cases; c++) {
        uint64_t seed = vt_seed(1200000 + c);
        uint64_t s = seed;
        size_t n = 1 + rnd(&s, 10);
        veto_i_rule_t *r = random_rule(&s, n, (int)rnd(&s, 3));
        veto_i_ctx_t ctx;
        ctx_init(&ctx);
        veto_error_t err;
        veto_error_clear(&err);
        veto_i_counts_t cnt;
        assert_true(veto_i_counts_init(&cnt, n, VETO_I_NEED_SSI));
        assert_int_equal(
            veto_i_enum_counts(&cnt, r, n, VETO_I_NEED_SSI, &ctx, &err),
            VETO_OK);
        mpz_fac_ui(fact, (unsigned long)n);
        blocs_t B;
        blocs_shared(&B, n, 1, 1);
        mpq_t *bel = qvec(n);
        veto_method m = rnd(&s, 2) == 0 ? VETO_METHOD_ENUM : VETO_METHOD_BDD;
        veto_i_beliefs_t eb;
        run_engine(&eb, m, r, NULL, n, (const mpq_t *)bel, &B, true);
        for (size_t i = 0; i < n; i++) {
            mpq_set_num(ssi, cnt.ssi_num[i]);
            mpq_set_den(ssi, fact);
            mpq_canonicalize(ssi);
            assert_q_equal(eb.p_dec_q[i], ssi, "Straffin", seed);
        }
        veto_i_beliefs_clear(&eb);
        veto_i_counts_clear(&cnt);
        qvec_free(bel, n);
        blocs_clear(&B);
        veto_i_rule_free(r);
    }
    mpz_clear(fact);
    mpq_clear(ssi);
}

/* ---- models through the public API --------------------------------------- */

static veto_model_t *read_text(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_model_read(&m, "t.veto", text, strlen(text), VETO_FORMAT_VETO,
                        NULL, &err) != VETO_OK) {
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.col, err.message);
    }
    return m;
}

static veto_result_t *analyse(const veto_model_t *m, veto_method method)
{
    veto_options_t o;
    veto_options_init(&o);
    o.exact = true;
    o.beliefs = true;
    o.method = method;
    o.threads = 1;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_analyse(&r, m, &o, &err) != VETO_OK) {
        fail_msg("analysis failed: %s", err.message);
    }
    return r;
}

static void assert_q_str(const mpq_t q, const char *want)
{
    char *got = mpq_get_str(NULL, 10, q);
    if (strcmp(got, want) != 0) {
        fail_msg("got %s, want %s", got, want);
    }
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(got, strlen(got) + 1);
}

static const char sc_text[] = "players {\n"
                              "  China France Russia UK USA [permanent]\n"
                              "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n"
                              "}\n"
                              "pass when all(permanent) and count >= 9\n";

static void test_security_council(void **state)
{
    (void)state;
    static const veto_method ms[] = {VETO_METHOD_ENUM, VETO_METHOD_DP,
                                     VETO_METHOD_BDD};
    char text[512];
    for (size_t k = 0; k < 3; k++) {
        snprintf(text, sizeof text, "%sbelief shared beta(1, 1)\n", sc_text);
        veto_model_t *m = read_text(text);
        veto_result_t *r = analyse(m, ms[k]);
        assert_int_equal(r->nbeliefs, 1);
        assert_true(r->belief[0].exact);
        assert_q_str(r->belief[0].p_act_q, "283/1716");
        /* Straffin: the Shapley-Shubik index */
        for (size_t i = 0; i < 5; i++) {
            assert_q_str(r->belief[0].p_decisive_q[i], "421/2145");
        }
        for (size_t i = 5; i < 15; i++) {
            assert_q_str(r->belief[0].p_decisive_q[i], "4/2145");
        }
        veto_result_free(r);
        veto_model_free(m);

        snprintf(text, sizeof text, "%sbelief shared beta(2, 2)\n", sc_text);
        m = read_text(text);
        r = analyse(m, ms[k]);
        assert_q_str(r->belief[0].p_act_q, "14251/136136");
        veto_result_free(r);
        veto_model_free(m);
    }
}

static void test_unanimity(void **state)
{
    (void)state;
    static const veto_method ms[] = {VETO_METHOD_ENUM, VETO_METHOD_DP,
                                     VETO_METHOD_BDD};
    for (unsigned k = 2; k <= 10; k++) {
        char text[512], want[16];
        size_t len = (size_t)snprintf(text, sizeof text, "players {");
        for (unsigned i = 0; i < k; i++) {
            len += (size_t)snprintf(text + len, sizeof text - len, " P%u", i);
        }
        snprintf(text + len, sizeof text - len,
                 " }\npass when count >= 100%%\nbelief shared beta(1, 1)\n");
        snprintf(want, sizeof want, "1/%u", k + 1);
        veto_model_t *m = read_text(text);
        for (size_t e = 0; e < 3; e++) {
            veto_result_t *r = analyse(m, ms[e]);
            assert_q_str(r->belief[0].p_act_q, want);
            veto_result_free(r);
        }
        veto_model_free(m);
    }
}

/* A bloc of more than 900 members: bdd counts in integers even in
 * doubles (a count of 2^1000 does not fit a double), and converts once.
 * Unanimity of n under a shared uniform p: P(act) = E[p^n] = 1/(n + 1),
 * and each member is decisive when the n - 1 others vote yes: 1/n; in
 * doubles and exactly. */
static veto_result_t *analyse_doubles(const veto_model_t *m)
{
    veto_options_t o;
    veto_options_init(&o);
    o.exact = false;
    o.beliefs = true;
    o.method = VETO_METHOD_BDD;
    o.threads = 1;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_analyse(&r, m, &o, &err) != VETO_OK) {
        fail_msg("analysis failed: %s", err.message);
    }
    return r;
}

static void test_large_bloc(void **state)
{
    (void)state;
    const unsigned n = 1000;
    char text[256];
    snprintf(text, sizeof text,
             "players { %u p }\npass when count >= 100%%\n"
             "belief shared beta(1, 1)\n",
             n);
    veto_model_t *m = read_text(text);
    veto_result_t *r = analyse_doubles(m);
    assert_false(r->belief[0].exact);
    if (fabs(r->belief[0].p_act - 1.0 / (n + 1)) > 1e-15) {
        fail_msg("P(act) %.17g, want 1/%u", r->belief[0].p_act, n + 1);
    }
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(r->belief[0].p_decisive[i] - 1.0 / n) < 1e-15);
    }
    veto_result_free(r);
    r = analyse(m, VETO_METHOD_BDD);
    char want[16];
    snprintf(want, sizeof want, "1/%u", n + 1);
    assert_q_str(r->belief[0].p_act_q, want);
    snprintf(want, sizeof want, "1/%u", n);
    assert_q_str(r->belief[0].p_decisive_q[n - 1], want);
    veto_result_free(r);
    veto_model_free(m);
}

/* The Istanbul communique's rule (each guarantor acts) over its eleven
 * guarantors, every guarantor sharing one uniform p; China and Russia
 * voting no leave nine: 1 - E[(1 - p)^9] = 9/10. The defaults: 11/12. */
static void test_istanbul_shared(void **state)
{
    (void)state;
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read_file(&m,
                                          VETO_SOURCE_ROOT
                                          "/examples/istanbul-2022-shared.veto",
                                          VETO_FORMAT_AUTO, NULL, &err),
                     VETO_OK);
    veto_result_t *r = analyse(m, VETO_METHOD_AUTO);
    size_t found = 0;
    for (size_t s = 0; s < r->nbeliefs; s++) {
        if (strcmp(r->belief[s].name, "default") == 0) {
            assert_q_str(r->belief[s].p_act_q, "11/12");
            found++;
        }
        if (strcmp(r->belief[s].name, "China sides with Russia") == 0) {
            assert_q_str(r->belief[s].p_act_q, "9/10");
            found++;
        }
    }
    assert_int_equal(found, 2);
    veto_result_free(r);
    veto_model_free(m);
}

/* Weighted scenarios: the expected values are the weighted sums; a
 * scenario forcing a bloc member takes it out of the bloc. */
static void test_expected(void **state)
{
    (void)state;
    veto_model_t *m = read_text("players { A B C D }\n"
                                "pass when count >= 3\n"
                                "bloc W (A, B, C) shares beta(1, 1)\n"
                                "scenario \"x\" weight 1/4 { A = 0 }\n"
                                "scenario \"y\" weight 75% { }\n");
    veto_result_t *r = analyse(m, VETO_METHOD_AUTO);
    assert_int_equal(r->nbeliefs, 3);
    assert_non_null(r->expected);
    /* defaults: 3 of 4 with A, B, C sharing uniform p and D at 1/2:
     * P(ABC all yes) = 1/4, P(exactly two) = 3 * 1/12 = 1/4:
     * 1/4 + 1/4 * 1/2 = 3/8. */
    assert_q_str(r->belief[0].p_act_q, "3/8");
    assert_q_str(r->belief[2].p_act_q, "3/8");
    /* x: A votes no, B and C share uniform p: P(both) = 1/3, times D 1/2 */
    assert_q_str(r->belief[1].p_act_q, "1/6");
    mpq_t want;
    mpq_init(want);
    mpq_set_str(want, "31/96", 10); /* 1/4 * 1/6 + 3/4 * 3/8 */
    mpq_canonicalize(want);
    assert_true(mpq_equal(r->expected->p_act_q, want));
    mpq_clear(want);
    veto_result_free(r);
    veto_model_free(m);
}

/* ---- Monte Carlo's intervals hold ---------------------------------------- */

static void test_mc_covers(void **state)
{
    (void)state;
    uint64_t cases = vt_count(20);
    size_t misses = 0, total = 0;
    for (uint64_t c = 0; c < cases; c++) {
        uint64_t seed = vt_seed(1300000 + c);
        uint64_t s = seed;
        size_t n = 2 + rnd(&s, 9);
        veto_i_rule_t *r = random_rule(&s, n, (int)rnd(&s, 3));
        blocs_t B;
        blocs_random(&B, &s, n);
        mpq_t *bel = qvec(n);
        double beld[32];
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(bel[i], rnd(&s, 5), 4);
            mpq_canonicalize(bel[i]);
            beld[i] = mpq_get_d(bel[i]);
        }
        mpq_t want_act;
        mpq_init(want_act);
        mpq_t *want_dec = qvec(n);
        brute(want_act, want_dec, r, n, (const mpq_t *)bel, &B);
        double ba[8];
        for (size_t k = 0; k < B.nb; k++) {
            ba[k] = mpq_get_d(B.bl[k].a);
            ba[4 + k] = mpq_get_d(B.bl[k].b);
        }
        veto_i_mc_opts_t mo;
        memset(&mo, 0, sizeof mo);
        mo.nblocs = B.nb;
        mo.bloc_of = B.of;
        mo.bloc_a = ba;
        mo.bloc_b = ba + 4;
        veto_i_ctx_t ctx;
        ctx_init(&ctx);
        ctx.seed = seed;
        ctx.epsilon = 0.02;
        veto_i_estimates_t est;
        veto_i_estimates_init(&est);
        veto_error_t err;
        veto_error_clear(&err);
        assert_int_equal(veto_i_mc_run_opts(&est, r, NULL, n, false, false,
                                            beld, 0, 1, NULL, NULL, &mo, &ctx,
                                            &err),
                         VETO_OK);
        total += n + 1;
        misses += fabs(est.p_act - mpq_get_d(want_act)) > est.p_act_hw;
        for (size_t i = 0; i < n; i++) {
            misses +=
                fabs(est.p_dec[i] - mpq_get_d(want_dec[i])) > est.p_dec_hw[i];
        }
        veto_i_estimates_clear(&est);
        mpq_clear(want_act);
        qvec_free(want_dec, n);
        qvec_free(bel, n);
        blocs_clear(&B);
        veto_i_rule_free(r);
    }
    /* simultaneous 99.9% intervals: with these seeds none misses */
    if (misses != 0) {
        fail_msg("%zu of %zu intervals miss the exact value", misses, total);
    }
}

/* ---- errors at their positions ------------------------------------------- */

static void expect_error(const char *text, unsigned line, unsigned col,
                         const char *part)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_not_equal(veto_model_read(&m, "e.veto", text, strlen(text),
                                         VETO_FORMAT_VETO, NULL, &err),
                         VETO_OK);
    assert_null(m);
    if (err.line != line || err.col != col ||
        strstr(err.message, part) == NULL) {
        fail_msg("got %u:%u: %s; want %u:%u: ...%s...", err.line, err.col,
                 err.message, line, col, part);
    }
}

static void test_errors(void **state)
{
    (void)state;
    const char *p = "players { A B C }\npass when count >= 2\n";
    char t[512];
    snprintf(t, sizeof t,
             "%sbloc X (A, B) shares beta(1, 1)\nbloc Y (B, C) shares "
             "beta(1, 1)\n",
             p);
    expect_error(t, 4, 9, "B is already in bloc 'X' (line 3)");
    snprintf(t, sizeof t, "%sbloc X (A, Z) shares beta(1, 1)\n", p);
    expect_error(t, 3, 12, "unknown player or group 'Z'");
    snprintf(t, sizeof t,
             "%sbloc X (A, B) shares beta(1, 1)\nbelief { A = 0.3 }\n", p);
    expect_error(t, 4, 10, "A is in bloc 'X'");
    snprintf(t, sizeof t,
             "%sbelief shared beta(1, 1)\nbloc X (A) shares beta(1, 1)\n", p);
    expect_error(t, 4, 1, "'belief shared' (line 3) and bloc 'X'");
    snprintf(t, sizeof t,
             "%sscenario \"a\" weight 0.3 { }\nscenario \"b\" weight 0.3 "
             "{ }\n",
             p);
    expect_error(t, 4, 21, "sum to 0.6, not 1 (0.4 short)");
    snprintf(t, sizeof t, "%sscenario \"a\" weight 1 { }\nscenario \"b\" { }\n",
             p);
    expect_error(t, 4, 10, "scenario 'b' has no weight");
    snprintf(t, sizeof t, "%sbloc X (A) shares beta(0, 1)\n", p);
    expect_error(t, 3, 24, "must be positive");
}

int main(void)
{
    vt_begin("test_blocs");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_exact_degree),
        cmocka_unit_test(test_security_council),
        cmocka_unit_test(test_unanimity),
        cmocka_unit_test(test_large_bloc),
        cmocka_unit_test(test_istanbul_shared),
        cmocka_unit_test(test_expected),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_straffin_random),
        cmocka_unit_test(test_engines_vs_brute),
        cmocka_unit_test(test_bdd_blocs_oom),
        cmocka_unit_test(test_mc_covers),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
