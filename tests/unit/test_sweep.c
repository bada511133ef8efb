/*
 * test_sweep.c: belief and quota sweeps, exact at every point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unsc_russia_belief),
        cmocka_unit_test(unsc_count_quota),
        cmocka_unit_test(bad_specs),
        cmocka_unit_test(belief_in_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
