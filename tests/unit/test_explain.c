/*
 * test_explain.c: certificates of veto_explain, each checked against the
 * rule itself (the coalition is evaluated with the rule tree), and the
 * reasons given for the probability of acting under a scenario.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyst_models.h"
#include "rule/rule.h"

/* Does the coalition pass the model's rule? */
static bool wins(const veto_model_t *m, const veto_coalition_t *c, long without)
{
    veto_i_rule_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_i_rule_build(&r, m, &err), VETO_OK);
    size_t n = veto_model_nplayers(m);
    unsigned char in[64] = {0};
    assert_true(n <= 64);
    for (size_t k = 0; k < c->size; k++) {
        in[c->member[k]] = (long)c->member[k] != without;
    }
    bool w = veto_i_rule_eval(r, in);
    veto_i_rule_free(r);
    return w;
}

static veto_explanation_t *explain(const veto_model_t *m, size_t p,
                                   const char *scen)
{
    veto_explanation_t *e = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_options_t o = exact_opts();
    veto_status s = veto_explain(&e, m, p, scen, &o, &err);
    if (s != VETO_OK) {
        fail_msg("explain failed: %s", err.message);
    }
    return e;
}

static void draft_russia(void **state)
{
    (void)state;
    veto_model_t *m = read_model(draft_text);
    veto_explanation_t *e = explain(m, 2, "Russia is the attacker");
    assert_true(e->veto);
    assert_false(e->dummy);
    /* The coalition of all other guarantors... */
    assert_int_equal(e->others.size, 4);
    static const size_t others[4] = {0, 1, 3, 4};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(e->others.member[k], others[k]);
    }
    assert_false(wins(m, &e->others, -1));
    /* ...fails the term all(guarantors), for want of Russia. */
    assert_int_equal(e->nfailed, 1);
    assert_int_equal(e->failed[0].threshold, 1);
    assert_string_equal(e->failed[0].text, "all(guarantors)");
    assert_z(e->failed[0].have, "4");
    assert_z(e->failed[0].need, "5");
    assert_int_equal(e->failed[0].missing.size, 1);
    assert_int_equal(e->failed[0].missing.member[0], 2);
    /* One swing: the four others. */
    assert_z(e->swings, "1");
    assert_true(e->have_by_size);
    assert_z(e->swings_by_size[4], "1");
    assert_true(e->have_example);
    assert_int_equal(e->smallest_swing.size, 4);
    /* Under "Russia is the attacker": 0, because Russia blocks. */
    assert_int_equal(e->reason, VETO_PACT_ZERO);
    assert_q(e->p_act_q, "0");
    assert_true(e->blockers_veto);
    assert_int_equal(e->blockers.size, 1);
    assert_int_equal(e->blockers.member[0], 2);
    veto_explanation_free(e);
    veto_model_free(m);
}

static void istanbul_russia(void **state)
{
    (void)state;
    veto_model_t *m = read_model(istanbul_text);
    veto_explanation_t *e = explain(m, 2, "Russia is the attacker");
    assert_false(e->veto);
    /* A winning coalition without Russia, minimal: each member needed. */
    const veto_coalition_t *w = &e->winning_without;
    assert_true(w->size >= 1);
    for (size_t k = 0; k < w->size; k++) {
        assert_int_not_equal(w->member[k], 2);
    }
    assert_true(wins(m, w, -1));
    for (size_t k = 0; k < w->size; k++) {
        assert_false(wins(m, w, (long)w->member[k]));
    }
    assert_int_equal(w->size, 1);
    assert_int_equal(w->member[0], 0);
    assert_int_equal(e->reason, VETO_PACT_BETWEEN);
    /* 1 - (1/2)^10: any of the ten others. */
    assert_q(e->p_act_q, "1023/1024");
    veto_explanation_free(e);
    veto_model_free(m);
}

static void unsc_elected(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_explanation_t *e = explain(m, 5, "default");
    assert_false(e->veto);
    assert_int_equal(e->winning_without.size, 9);
    assert_true(wins(m, &e->winning_without, -1));
    assert_z(e->swings, "84");
    assert_true(e->have_by_size);
    for (size_t k = 0; k < 15; k++) {
        assert_z(e->swings_by_size[k], k == 8 ? "84" : "0");
    }
    assert_int_equal(e->smallest_swing.size, 8);
    assert_false(wins(m, &e->smallest_swing, -1));
    assert_int_equal(e->reason, VETO_PACT_BETWEEN);
    assert_q(e->p_act_q, "53/2048");
    assert_q(e->p_decisive_q[0], "53/1024");
    assert_q(e->p_decisive_q[5], "21/4096");
    assert_int_equal(e->ranking[0], 0); /* a permanent member first */
    assert_int_equal(e->ranking[5], 5);
    veto_explanation_free(e);

    /* China: fails threshold 2, all of the permanent members. */
    e = explain(m, 0, NULL);
    assert_true(e->veto);
    assert_int_equal(e->nfailed, 1);
    assert_int_equal(e->failed[0].threshold, 2);
    assert_z(e->failed[0].have, "4");
    assert_z(e->swings, "848");
    assert_int_equal(e->reason, VETO_PACT_NONE);
    veto_explanation_free(e);
    veto_model_free(m);
}

static void nassau_dummy(void **state)
{
    (void)state;
    veto_model_t *m = read_model("58\n31 31 21 28 2 2\n");
    veto_explanation_t *e = explain(m, 2, NULL);
    assert_true(e->dummy);
    assert_true(e->mentioned);
    assert_z(e->swings, "0");
    assert_false(e->have_example);
    veto_explanation_free(e);
    e = explain(m, 0, NULL);
    assert_false(e->dummy);
    assert_false(e->veto);
    veto_explanation_free(e);
    veto_model_free(m);
}

/* 26 players, simple majority: beyond enumeration, the weighted count by
 * size: P1 swings the C(25,13) coalitions of 13 others. */
static void weighted_by_size(void **state)
{
    (void)state;
    veto_model_t *m =
        read_model("14\n1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n");
    veto_explanation_t *e = explain(m, 0, NULL);
    assert_z(e->swings, "5200300");
    assert_true(e->have_by_size);
    for (size_t k = 0; k < 26; k++) {
        assert_z(e->swings_by_size[k], k == 13 ? "5200300" : "0");
    }
    assert_true(e->have_example);
    assert_int_equal(e->smallest_swing.size, 13);
    for (size_t k = 0; k < 13; k++) {
        assert_int_not_equal(e->smallest_swing.member[k], 0);
    }
    veto_explanation_free(e);
    veto_model_free(m);
}

static void pact_one(void **state)
{
    (void)state;
    veto_model_t *m = read_model("players { A B C }\n"
                                 "pass when count >= 1\n"
                                 "scenario \"A sure\" { A = 1 }\n");
    veto_explanation_t *e = explain(m, 1, "A sure");
    assert_int_equal(e->reason, VETO_PACT_ONE);
    assert_q(e->p_act_q, "1");
    assert_true(e->blockers_veto);
    assert_int_equal(e->blockers.size, 1);
    assert_int_equal(e->blockers.member[0], 0);
    veto_explanation_free(e);
    veto_model_free(m);
}

static void bad_arguments(void **state)
{
    (void)state;
    veto_model_t *m = read_model(draft_text);
    veto_explanation_t *e = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_explain(&e, m, 9, NULL, NULL, &err), VETO_EMISUSE);
    assert_null(e);
    assert_int_equal(veto_explain(&e, m, 0, "no such", NULL, &err),
                     VETO_EMISUSE);
    assert_null(e);
    veto_model_free(m);
}

static void words_and_thresholds(void **state)
{
    (void)state;
    veto_model_t *m = read_model(draft_text);
    char *w = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_rule_words(&w, m, &err), VETO_OK);
    assert_string_equal(w, "The body acts when all 5 guarantors agree.");
    veto_free(w);
    veto_model_free(m);
    m = read_model(unsc_text);
    veto_threshold_t *t = NULL;
    size_t nt = 0;
    assert_int_equal(veto_thresholds(&t, &nt, m, &err), VETO_OK);
    assert_int_equal(nt, 3);
    assert_true(t[0].kof);
    assert_z(t[0].value, "2");
    assert_string_equal(t[0].text, "all(permanent) and count >= 9");
    assert_string_equal(t[1].text, "all(permanent)");
    assert_string_equal(t[2].text, "count >= 9");
    assert_z(t[2].value, "9");
    assert_z(t[2].max, "15");
    veto_thresholds_free(t, nt);
    veto_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draft_russia),
        cmocka_unit_test(istanbul_russia),
        cmocka_unit_test(unsc_elected),
        cmocka_unit_test(nassau_dummy),
        cmocka_unit_test(weighted_by_size),
        cmocka_unit_test(pact_one),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(words_and_thresholds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
