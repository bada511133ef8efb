/*
 * test_analysis.c: published figures, end to end through the public API
 * (model text -> veto_analyse), with every exact engine that can take the
 * rule, so that each figure is checked once per engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "veto.h"

static veto_model_t *read_model(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_read(&m, "test.veto", text, strlen(text),
                                    VETO_FORMAT_AUTO, NULL, &err);
    if (s != VETO_OK) {
        fail_msg("model did not parse: %u:%u: %s", err.line, err.col,
                 err.message);
    }
    return m;
}

static veto_result_t *analyse(const veto_model_t *m, veto_method method,
                              bool exact)
{
    veto_options_t opt;
    veto_options_init(&opt);
    opt.method = method;
    opt.exact = exact;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_analyse(&r, m, &opt, &err);
    if (s != VETO_OK) {
        fail_msg("analysis with %s failed: %s (%s)", veto_method_name(method),
                 err.message, veto_strerror(s));
    }
    return r;
}

static void assert_q(const mpq_t q, const char *want)
{
    char *got = mpq_get_str(NULL, 10, q);
    if (strcmp(got, want) != 0) {
        fail_msg("got %s, expected %s", got, want);
    }
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(got, strlen(got) + 1);
}

static void assert_z(const mpz_t z, const char *want)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, z);
    assert_q(q, want);
    mpq_clear(q);
}

static const char unsc[] =
    "title \"UN Security Council\"\n"
    "players {\n"
    "  China France Russia UK USA [permanent]\n"
    "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n"
    "}\n"
    "pass when all(permanent) and count >= 9\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";

static const veto_method exact_methods[] = {VETO_METHOD_ENUM, VETO_METHOD_DP,
                                            VETO_METHOD_BDD};

static void test_unsc(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc);
    for (size_t k = 0; k < 3; k++) {
        veto_result_t *r = analyse(m, exact_methods[k], true);
        assert_true(r->weighted);
        assert_z(r->quota, "39");
        assert_z(r->weight[0], "7");
        assert_z(r->weight[14], "1");
        assert_z(r->winning, "848");
        assert_z(r->minimal_winning, "210");
        for (size_t i = 0; i < 15; i++) {
            bool perm = i < 5;
            assert_q(r->value[VETO_IDX_SHAPLEY_SHUBIK][i],
                     perm ? "421/2145" : "4/2145");
            assert_q(r->value[VETO_IDX_BANZHAF_RAW][i], perm ? "848" : "84");
            assert_int_equal(r->veto_player[i], perm);
            assert_int_equal(r->dummy[i], VETO_NO);
        }
        assert_int_equal(r->nbeliefs, 2);
        assert_q(r->belief[0].p_act_q, "53/2048"); /* 848 / 2^15 */
        assert_q(r->belief[1].p_act_q, "0");
        assert_true(r->belief[1].p_act == 0.0);
        veto_result_free(r);
    }
    veto_model_free(m);
}

static void test_6_4321(void **state)
{
    (void)state;
    veto_model_t *m = read_model("6 4 3 2 1\n");
    const char *want[] = {"5/12", "1/4", "1/4", "1/12"};
    for (size_t k = 0; k < 3; k++) {
        veto_result_t *r = analyse(m, exact_methods[k], true);
        for (size_t i = 0; i < 4; i++) {
            assert_q(r->value[VETO_IDX_BANZHAF][i], want[i]);
        }
        veto_result_free(r);
    }
    veto_model_free(m);
}

static void test_holler_deegan_packel(void **state)
{
    (void)state;
    veto_model_t *m = read_model("51 35 20 15 15 15\n");
    const char *pgi[] = {"4/15", "2/15", "1/5", "1/5", "1/5"}; /* 16,8,12,12,12 /60 */
    const char *dpi[] = {"3/10", "3/20", "11/60", "11/60", "11/60"}; /* 18,9,11,11,11 /60 */
    for (size_t k = 0; k < 3; k++) {
        veto_result_t *r = analyse(m, exact_methods[k], true);
        for (size_t i = 0; i < 5; i++) {
            assert_q(r->value[VETO_IDX_HOLLER][i], pgi[i]);
            assert_q(r->value[VETO_IDX_DEEGAN_PACKEL][i], dpi[i]);
        }
        veto_result_free(r);
    }
    veto_model_free(m);
}

static void test_nassau(void **state)
{
    (void)state;
    veto_model_t *m = read_model("58 31 31 21 28 2 2\n");
    const bool dummy[] = {false, false, true, false, true, true};
    for (size_t k = 0; k < 3; k++) {
        veto_result_t *r = analyse(m, exact_methods[k], true);
        for (size_t i = 0; i < 6; i++) {
            assert_int_equal(r->dummy[i], dummy[i] ? VETO_YES : VETO_NO);
            if (dummy[i]) {
                assert_q(r->value[VETO_IDX_BANZHAF_RAW][i], "0");
                assert_q(r->value[VETO_IDX_SHAPLEY_SHUBIK][i], "0");
            }
        }
        veto_result_free(r);
    }
    veto_model_free(m);
}

static const char draft[] =
    "players {\n  UK China Russia USA France [guarantors]\n}\n"
    "pass when all(guarantors)\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";
static const char istanbul[] =
    "players {\n  UK China Russia USA France Turkey Germany Canada Italy "
    "Poland Israel [guarantors]\n}\n"
    "pass when any(guarantors)\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";

static void test_guarantees(void **state)
{
    (void)state;
    veto_model_t *d = read_model(draft);
    veto_model_t *ist = read_model(istanbul);
    for (size_t k = 0; k < 3; k++) {
        veto_result_t *r = analyse(d, exact_methods[k], true);
        for (size_t i = 0; i < 5; i++) {
            assert_true(r->veto_player[i]);
        }
        assert_q(r->belief[0].p_act_q, "1/32");
        assert_q(r->belief[1].p_act_q, "0");
        veto_result_free(r);
        r = analyse(ist, exact_methods[k], true);
        for (size_t i = 0; i < 11; i++) {
            assert_false(r->veto_player[i]);
        }
        /* someone of the 10 others helps: 1 - 2^-10 */
        assert_q(r->belief[1].p_act_q, "1023/1024");
        veto_result_free(r);
    }
    veto_model_free(d);
    veto_model_free(ist);
}

/* A body that can never act: indices with a zero denominator are
 * undefined, not 0. */
static void test_never_acts(void **state)
{
    (void)state;
    veto_model_t *m = read_model("10 1 2 3\n");
    veto_result_t *r = analyse(m, VETO_METHOD_ENUM, true);
    assert_true(r->never_acts);
    assert_true(r->undefined & VETO_INDEX_BIT(VETO_IDX_BANZHAF));
    assert_true(r->undefined & VETO_INDEX_BIT(VETO_IDX_COLEMAN_PREVENT));
    assert_false(r->undefined & VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW));
    veto_result_free(r);
    veto_model_free(m);
}

/* Monte Carlo against the exact engines on real bodies read from
 * examples/: with a fixed seed, every simultaneous 99.9% interval (absolute
 * Banzhaf, Shapley-Shubik, P(act) and P(decisive) under every scenario)
 * covers the exact value. */
static veto_model_t *read_example(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", VETO_SOURCE_ROOT, name);
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_model_read_file(&m, path, VETO_FORMAT_AUTO, NULL, &err) !=
        VETO_OK) {
        fail_msg("cannot read %s: %s", path, err.message);
    }
    return m;
}

static void check_mc_covers(const char *file)
{
    veto_model_t *m = read_example(file);
    veto_result_t *exact = analyse(m, VETO_METHOD_AUTO, true);
    veto_options_t opt;
    veto_options_init(&opt);
    opt.method = VETO_METHOD_MC;
    opt.samples = 200000;
    opt.seed = 20261129;
    veto_result_t *est = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_analyse(&est, m, &opt, &err), VETO_OK);
    assert_true(est->estimated);
    const int idx[] = {VETO_IDX_BANZHAF_ABSOLUTE, VETO_IDX_SHAPLEY_SHUBIK};
    for (size_t k = 0; k < 2; k++) {
        int x = idx[k];
        assert_true(est->computed & VETO_INDEX_BIT(x));
        for (size_t i = 0; i < est->n; i++) {
            double truth = mpq_get_d(exact->value[x][i]);
            double d = est->approx[x][i] - truth;
            if (d < 0) {
                d = -d;
            }
            if (d > est->halfwidth[x][i]) {
                fail_msg("%s: %s of %s: %g is %g from the exact %g, beyond "
                         "its half-width %g",
                         file, veto_index_key(x), veto_model_player(m, i),
                         est->approx[x][i], d, truth, est->halfwidth[x][i]);
            }
        }
    }
    assert_int_equal(est->nbeliefs, exact->nbeliefs);
    for (size_t s = 0; s < est->nbeliefs; s++) {
        double d = est->belief[s].p_act - exact->belief[s].p_act;
        assert_true((d < 0 ? -d : d) <= est->belief[s].p_act_hw);
        for (size_t i = 0; i < est->n; i++) {
            d = est->belief[s].p_decisive[i] - exact->belief[s].p_decisive[i];
            assert_true((d < 0 ? -d : d) <= est->belief[s].p_decisive_hw[i]);
        }
    }
    veto_result_free(est);
    veto_result_free(exact);
    veto_model_free(m);
}

static void test_mc_covers_real_bodies(void **state)
{
    (void)state;
    check_mc_covers("un-security-council-literal.veto");
    check_mc_covers("eu-council-lisbon.veto");
    check_mc_covers("us-electoral-college-2020.veto");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_6_4321),
        cmocka_unit_test(test_holler_deegan_packel),
        cmocka_unit_test(test_nassau),
        cmocka_unit_test(test_guarantees),
        cmocka_unit_test(test_never_acts),
        cmocka_unit_test(test_mc_covers_real_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
