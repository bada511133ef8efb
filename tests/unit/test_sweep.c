/*
 * test_sweep.c: belief, quota and bloc sweeps, exact at every point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analyst_models.h"

static veto_sweep_t *run(const veto_model_t *m, const veto_sweep_spec_t *sp)
{
    veto_sweep_t *s = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_options_t o = exact_opts();
    veto_status st = veto_sweep(&s, m, sp, &o, &err);
    if (st != VETO_OK) {
        fail_msg("sweep failed: %s", err.message);
    }
    return s;
}

/* Russia's belief from 0 to 1 on the Security Council: the body never acts
 * at 0, and acts more often with every step. */
static void unsc_russia_belief(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_sweep_spec_t sp;
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_BELIEF;
    sp.player = 2;
    mpq_set_ui(sp.from, 0, 1);
    mpq_set_ui(sp.to, 1, 1);
    sp.steps = 11;
    veto_sweep_t *s = run(m, &sp);
    assert_int_equal(s->npoints, 11);
    assert_string_equal(s->label, "the belief of Russia");
    assert_q(s->value[3], "3/10");
    assert_q(s->result[0]->belief[0].p_act_q, "0");
    for (size_t k = 1; k < 11; k++) {
        assert_true(mpq_cmp(s->result[k]->belief[0].p_act_q,
                            s->result[k - 1]->belief[0].p_act_q) > 0);
    }
    assert_q(s->result[5]->belief[0].p_act_q, "53/2048");
    assert_q(s->result[10]->belief[0].p_act_q, "53/1024");
    /* Who can block does not move with beliefs. */
    for (size_t k = 0; k < 11; k++) {
        for (size_t i = 0; i < 15; i++) {
            assert_int_equal(s->result[k]->veto_player[i], i < 5);
        }
    }
    veto_sweep_free(s);
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

/* The count threshold (number 3) of the Council from 7 to 11: 848 winning
 * coalitions at 9, fewer as it rises; the permanent members keep their
 * veto throughout. */
static void unsc_count_quota(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_sweep_spec_t sp;
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_QUOTA;
    sp.threshold = 3;
    mpq_set_ui(sp.from, 7, 1);
    mpq_set_ui(sp.to, 11, 1);
    veto_sweep_t *s = run(m, &sp);
    assert_int_equal(s->npoints, 5);
    assert_z(s->result[2]->winning, "848");
    assert_q(s->result[2]->value[VETO_IDX_SHAPLEY_SHUBIK][0], "421/2145");
    for (size_t k = 1; k < 5; k++) {
        assert_true(mpz_cmp(s->result[k]->winning, s->result[k - 1]->winning) <
                    0);
        assert_true(s->result[k]->veto_player[2]);
        assert_false(s->result[k]->veto_player[7]);
    }
    assert_string_equal(s->rule_text[0], "all(permanent) and count >= 7");
    assert_int_equal(s->result[0]->nbeliefs, 2);
    assert_q(s->result[0]->belief[1].p_act_q, "0");
    veto_sweep_free(s);
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

static void bad_specs(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_sweep_spec_t sp;
    veto_sweep_t *s = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_QUOTA;
    sp.threshold = 4;
    mpq_set_ui(sp.from, 1, 1);
    mpq_set_ui(sp.to, 2, 1);
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    assert_null(s);
    sp.threshold = 3;
    mpq_set_ui(sp.to, 16, 1); /* beyond the 15 members */
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    sp.kind = VETO_SWEEP_BELIEF;
    sp.player = 0;
    mpq_set_ui(sp.from, 0, 1);
    mpq_set_ui(sp.to, 3, 2);
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    mpq_set_ui(sp.to, 1, 1);
    sp.scenario = "nobody's";
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    assert_null(s);
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

/* Under a scenario the other beliefs are the scenario's, and the swept
 * player's belief replaces the scenario's own value for it. In "West sure"
 * France, the UK, the USA and every elected member vote yes and China no;
 * Russia keeps the default 1/2. Sweeping China's belief p over 0, 1/2, 1:
 * the body acts exactly when China and Russia both vote yes (then all 15
 * do), so P(act) = p / 2: 0, 1/4, 1/2. Under the defaults it would be
 * p 53/1024 (the scenario's other beliefs ignored), and with China held at
 * the scenario's 0 it would stay 0 (the sweep ignored): both fail here. */
static const char west_text[] =
    "players {\n"
    "  China France Russia UK USA [permanent]\n"
    "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n"
    "}\n"
    "pass when all(permanent) and count >= 9\n"
    "scenario \"West sure\" { China = 0 France = 1 UK = 1 USA = 1 "
    "elected = 1 }\n";

static void belief_in_scenario(void **state)
{
    (void)state;
    veto_model_t *m = read_model(west_text);
    veto_sweep_spec_t sp;
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_BELIEF;
    sp.player = 0;
    sp.scenario = "West sure";
    mpq_set_ui(sp.from, 0, 1);
    mpq_set_ui(sp.to, 1, 1);
    sp.steps = 3;
    veto_sweep_t *s = run(m, &sp);
    assert_int_equal(s->npoints, 3);
    const char *want[] = {"0", "1/4", "1/2"};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(s->result[k]->nbeliefs, 1);
        assert_string_equal(s->result[k]->belief[0].name, "West sure");
        assert_q(s->result[k]->belief[0].p_act_q, want[k]);
    }
    /* The same sweep without the scenario: p 53/1024. */
    sp.scenario = NULL;
    veto_sweep_t *d = run(m, &sp);
    assert_q(d->result[1]->belief[0].p_act_q, "53/2048");
    assert_q(d->result[2]->belief[0].p_act_q, "53/1024");
    veto_sweep_free(d);
    veto_sweep_free(s);
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

/* E[p^k] for p ~ Beta(a, b): prod_{j<k} (a + j) / (a + b + j), the moment
 * written out here, not taken from the engines. */
static void beta_moment(mpq_t out, const mpq_t a, const mpq_t b, unsigned k)
{
    mpq_t num, den;
    mpq_init(num);
    mpq_init(den);
    mpq_set_ui(out, 1, 1);
    for (unsigned j = 0; j < k; j++) {
        mpq_set_ui(num, j, 1);
        mpq_add(num, num, a);
        mpq_set_ui(den, j, 1);
        mpq_add(den, den, a);
        mpq_add(den, den, b);
        mpq_mul(out, out, num);
        mpq_div(out, out, den);
    }
    mpq_clear(num);
    mpq_clear(den);
}

/* Unanimity of k players under `belief shared beta(a, b)`: P(act) =
 * E[p^k] and every player is decisive when the k - 1 others say yes,
 * E[p^(k-1)]. Sweeping a from 1 to 4 with b = 1 gives a / (a + k) and
 * a / (a + k - 1); sweeping b from 1 to 3 with a = 2 the general product.
 * For k = 2..7 each point is checked against the moment above. */
static void bloc_unanimity_shared(void **state)
{
    (void)state;
    char text[256];
    mpq_t want, other;
    mpq_init(want);
    mpq_init(other);
    for (unsigned k = 2; k <= 7; k++) {
        int len = snprintf(text, sizeof text, "players {");
        for (unsigned i = 0; i < k; i++) {
            len += snprintf(text + len, sizeof text - (size_t)len, " P%u", i);
        }
        len += snprintf(text + len, sizeof text - (size_t)len,
                        " }\npass when all(");
        for (unsigned i = 0; i < k; i++) {
            len += snprintf(text + len, sizeof text - (size_t)len, "%sP%u",
                            i > 0 ? ", " : "", i);
        }
        snprintf(text + len, sizeof text - (size_t)len,
                 ")\nbelief shared beta(2, 1)\n");
        veto_model_t *m = read_model(text);
        for (int param = 0; param < 2; param++) {
            veto_sweep_spec_t sp;
            veto_sweep_spec_init(&sp);
            sp.kind = VETO_SWEEP_BLOC;
            sp.bloc = "shared";
            sp.param = param == 0 ? 'a' : 'b';
            mpq_set_ui(sp.from, 1, 1);
            mpq_set_ui(sp.to, param == 0 ? 4 : 3, 1);
            sp.steps = param == 0 ? 4 : 5; /* b: 1, 3/2, 2, 5/2, 3 */
            veto_sweep_t *s = run(m, &sp);
            assert_int_equal(s->npoints, sp.steps);
            assert_string_equal(s->label, param == 0 ? "a of bloc shared"
                                                     : "b of bloc shared");
            for (size_t p = 0; p < s->npoints; p++) {
                const veto_belief_result_t *b = &s->result[p]->belief[0];
                mpq_set_ui(other, param == 0 ? 1 : 2, 1);
                if (param == 0) {
                    beta_moment(want, s->value[p], other, k);
                } else {
                    beta_moment(want, other, s->value[p], k);
                }
                assert_true(mpq_equal(b->p_act_q, want));
                if (param == 0) {
                    /* the closed form a / (a + k) */
                    mpq_set_ui(other, k, 1);
                    mpq_add(other, other, s->value[p]);
                    mpq_div(other, s->value[p], other);
                    assert_true(mpq_equal(b->p_act_q, other));
                    mpq_set_ui(other, 1, 1);
                    beta_moment(want, s->value[p], other, k - 1);
                } else {
                    mpq_set_ui(other, 2, 1);
                    beta_moment(want, other, s->value[p], k - 1);
                }
                for (size_t i = 0; i < k; i++) {
                    assert_true(mpq_equal(b->p_decisive_q[i], want));
                }
            }
            if (k == 3 && param == 0) {
                assert_q(s->result[0]->belief[0].p_act_q, "1/4");
                assert_q(s->result[3]->belief[0].p_act_q, "4/7");
            }
            veto_sweep_free(s);
            veto_sweep_spec_clear(&sp);
        }
        veto_model_free(m);
    }
    mpq_clear(want);
    mpq_clear(other);
}

/* Which copies of a bloc move. P ~ Beta(a, 1) over A and B, C at 1/2 by
 * default: P(act) = E[p^2] / 2 = a / (2 (a + 2)). "inherit" forces C yes
 * and keeps the defaults' P: a / (a + 2). "own" declares its own P ~
 * Beta(2, 1): 1/2. Without a scenario the defaults' P and the inherited
 * copy move, not "own"'s; with --scenario "own" only that one moves. */
static const char copies_text[] =
    "players { A B C }\n"
    "pass when all(A, B, C)\n"
    "bloc P (A, B) shares beta(1, 1)\n"
    "scenario \"inherit\" { C = 1 }\n"
    "scenario \"own\" { bloc P (A, B) shares beta(2, 1) C = 1 }\n";

static void bloc_copies(void **state)
{
    (void)state;
    veto_model_t *m = read_model(copies_text);
    veto_sweep_spec_t sp;
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_BLOC;
    sp.bloc = "P";
    sp.param = 'a';
    mpq_set_ui(sp.from, 1, 1);
    mpq_set_ui(sp.to, 4, 1);
    sp.steps = 4;
    veto_sweep_t *s = run(m, &sp);
    const char *def[] = {"1/6", "1/4", "3/10", "1/3"};
    const char *inh[] = {"1/3", "1/2", "3/5", "2/3"};
    assert_int_equal(s->belief_set, 0);
    for (size_t p = 0; p < 4; p++) {
        assert_int_equal(s->result[p]->nbeliefs, 3);
        assert_q(s->result[p]->belief[0].p_act_q, def[p]);
        assert_q(s->result[p]->belief[1].p_act_q, inh[p]);
        assert_q(s->result[p]->belief[2].p_act_q, "1/2");
    }
    veto_sweep_free(s);
    sp.scenario = "own";
    s = run(m, &sp);
    assert_int_equal(s->belief_set, 2);
    assert_string_equal(s->label, "a of bloc P in own");
    for (size_t p = 0; p < 4; p++) {
        assert_q(s->result[p]->belief[0].p_act_q, "1/6");
        assert_q(s->result[p]->belief[1].p_act_q, "1/3");
        assert_q(s->result[p]->belief[2].p_act_q, inh[p]);
    }
    /* The model itself is untouched. */
    veto_sweep_free(s);
    sp.scenario = NULL;
    sp.param = 'b';
    mpq_set_ui(sp.to, 1, 1);
    sp.steps = 2;
    s = run(m, &sp);
    assert_q(s->result[0]->belief[0].p_act_q, "1/6");
    assert_q(s->result[0]->belief[2].p_act_q, "1/2");
    veto_sweep_free(s);
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

static void bloc_bad_specs(void **state)
{
    (void)state;
    veto_model_t *m = read_model(copies_text);
    veto_sweep_spec_t sp;
    veto_sweep_t *s = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_BLOC;
    sp.bloc = "West";
    sp.param = 'a';
    mpq_set_ui(sp.from, 1, 1);
    mpq_set_ui(sp.to, 2, 1);
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    assert_null(s);
    assert_string_equal(err.message, "no bloc 'West' in the defaults");
    assert_string_equal(err.hint, "the blocs there are: P");
    sp.bloc = "P";
    sp.param = 'c';
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    sp.param = 'b';
    mpq_set_ui(sp.from, 0, 1);
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    assert_string_equal(err.message, "a Beta parameter is positive: FROM "
                                     "and TO must be more than 0");
    mpq_set_ui(sp.from, 1, 1);
    sp.steps = 1;
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    sp.steps = 2;
    sp.scenario = "nobody's";
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    assert_null(s);
    veto_model_free(m);
    m = read_model(unsc_text);
    sp.scenario = NULL;
    assert_int_equal(veto_sweep(&s, m, &sp, NULL, &err), VETO_EMISUSE);
    assert_non_null(strstr(err.message, "this model has no blocs"));
    assert_null(s);
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unsc_russia_belief),
        cmocka_unit_test(unsc_count_quota),
        cmocka_unit_test(bad_specs),
        cmocka_unit_test(belief_in_scenario),
        cmocka_unit_test(bloc_unanimity_shared),
        cmocka_unit_test(bloc_copies),
        cmocka_unit_test(bloc_bad_specs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
