/*
 * test_design.c: veto_design_remove_veto, each candidate checked again
 * with an exact engine through the public veto_analyse on the model
 * written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyst_models.h"

static veto_design_t *design(const veto_model_t *m, size_t p, size_t top)
{
    veto_design_t *d = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_options_t o = exact_opts();
    veto_status s = veto_design_remove_veto(&d, m, p, top, &o, &err);
    if (s != VETO_OK) {
        fail_msg("design failed: %s", err.message);
    }
    return d;
}

static veto_result_t *analyse(const veto_model_t *m, veto_method method)
{
    veto_options_t o = exact_opts();
    o.method = method;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_analyse(&r, m, &o, &err) != VETO_OK) {
        fail_msg("analysis failed: %s", err.message);
    }
    return r;
}

/* The April 2022 draft: lowering all(guarantors) to 4 of the 5 removes
 * Russia's veto, and a response to Russia's own attack becomes possible. */
static void draft_remove_russia(void **state)
{
    (void)state;
    veto_model_t *m = read_model(draft_text);
    veto_design_t *d = design(m, 2, 3);
    assert_false(d->already);
    assert_true(strstr(d->family, "count(G) >= K") != NULL);
    assert_int_equal(d->ncand, 1);
    veto_design_candidate_t *c = &d->cand[0];
    assert_int_equal(c->nchanges, 1);
    assert_int_equal(c->change[0].threshold, 1);
    assert_z(c->change[0].from, "5");
    assert_z(c->change[0].to, "4");
    assert_string_equal(c->change[0].after, "count(guarantors) >= 4");
    assert_false(c->result->veto_player[2]);
    assert_int_equal(c->result->nbeliefs, 2);
    assert_string_equal(c->result->belief[1].name, "Russia is the attacker");
    assert_true(mpq_sgn(c->result->belief[1].p_act_q) > 0);
    assert_q(c->result->belief[1].p_act_q, "1/16");

    /* The same rule written by hand, through the enumeration engine. */
    veto_model_t *m2 =
        read_model("players {\n  UK China Russia USA France [guarantors]\n}\n"
                   "pass when count(guarantors) >= 4\n"
                   "scenario \"Russia is the attacker\" { Russia = 0 }\n");
    veto_result_t *r = analyse(m2, VETO_METHOD_ENUM);
    for (size_t i = 0; i < 5; i++) {
        assert_false(r->veto_player[i]);
    }
    assert_q(r->belief[1].p_act_q, "1/16");
    assert_true(mpq_equal(r->belief[0].p_act_q, c->result->belief[0].p_act_q));
    for (size_t i = 0; i < 5; i++) {
        assert_true(mpq_equal(r->value[VETO_IDX_SHAPLEY_SHUBIK][i],
                              c->result->value[VETO_IDX_SHAPLEY_SHUBIK][i]));
    }
    veto_result_free(r);
    veto_model_free(m2);
    veto_design_free(d);
    veto_model_free(m);
}

/* The Council: the smallest move is 4 of the 5 permanent members
 * (threshold 2); next, "any of" at the top (threshold 1). */
static void unsc_remove_russia(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_design_t *d = design(m, 2, 5);
    assert_int_equal(d->ncand, 2);
    assert_int_equal(d->cand[0].change[0].threshold, 2);
    assert_z(d->cand[0].change[0].to, "4");
    assert_int_equal(d->cand[1].change[0].threshold, 1);
    assert_z(d->cand[1].change[0].to, "1");
    assert_true(d->cand[0].cost < d->cand[1].cost);
    for (size_t k = 0; k < 2; k++) {
        assert_false(d->cand[k].result->veto_player[2]);
    }
    /* The first candidate, checked by hand with the diagram engine. */
    veto_model_t *m2 =
        read_model("players {\n  China France Russia UK USA [permanent]\n"
                   "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n}\n"
                   "pass when count(permanent) >= 4 and count >= 9\n"
                   "scenario \"Russia is the attacker\" { Russia = 0 }\n");
    veto_result_t *r = analyse(m2, VETO_METHOD_BDD);
    assert_true(mpz_cmp(r->winning, d->cand[0].result->winning) == 0);
    assert_true(
        mpq_equal(r->belief[1].p_act_q, d->cand[0].result->belief[1].p_act_q));
    assert_true(mpq_sgn(r->belief[1].p_act_q) > 0);
    veto_result_free(r);
    veto_model_free(m2);
    veto_design_free(d);
    veto_model_free(m);
}

static void already_no_veto(void **state)
{
    (void)state;
    veto_model_t *m = read_model(istanbul_text);
    veto_design_t *d = design(m, 2, 3);
    assert_true(d->already);
    assert_int_equal(d->ncand, 0);
    veto_design_free(d);
    veto_model_free(m);
}

/* Russia in two groups that must both agree: no single threshold frees
 * it, a pair does. */
static void needs_a_pair(void **state)
{
    (void)state;
    veto_model_t *m = read_model("players {\n  Russia [a, b]\n  X [a]\n"
                                 "  Y [b]\n}\n"
                                 "pass when all(a) and all(b)\n");
    veto_design_t *d = design(m, 0, 3);
    assert_true(d->ncand >= 1);
    for (size_t k = 0; k < d->ncand; k++) {
        assert_int_equal(d->cand[k].nchanges, 2);
        assert_false(d->cand[k].result->veto_player[0]);
    }
    assert_int_equal(d->cand[0].change[0].threshold, 1);
    assert_int_equal(d->cand[0].change[1].threshold, 2);
    veto_design_free(d);
    veto_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draft_remove_russia),
        cmocka_unit_test(unsc_remove_russia),
        cmocka_unit_test(already_no_veto),
        cmocka_unit_test(needs_a_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
