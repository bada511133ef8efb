/*
 * test_explain.c: certificates of veto_explain, each checked against the
 * rule itself (the coalition is evaluated with the rule tree), and the
 * reasons given for the probability of acting under a scenario.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyst_models.h"
#include "exact/counts.h"
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

/* explain goes through the planner with the time limit: 20,000 players of
 * weights 1..1000 need an estimated several seconds of dp for the swing
 * counts, so a limit of 50 ms is refused before anything runs, with the
 * planner's message (before, dp ran until a poll found the deadline
 * passed: "time limit reached"), and the exact counts are never sampled. */
static void explain_timeout_up_front(void **state)
{
    (void)state;
    size_t n = 20000;
    char *text = malloc(n * 6 + 32);
    assert_non_null(text);
    uint64_t s = 7, total = 0;
    int len = 0;
    unsigned *w = malloc(n * sizeof *w);
    assert_non_null(w);
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        w[i] = 1 + (unsigned)((s >> 33) % 1000);
        total += w[i];
    }
    len += sprintf(text + len, "%llu\n", (unsigned long long)(total / 2 + 1));
    for (size_t i = 0; i < n; i++) {
        len += sprintf(text + len, "%u\n", w[i]);
    }
    free(w);
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read(&m, "big.txt", text, (size_t)len,
                                     VETO_FORMAT_BARE, NULL, &err),
                     VETO_OK);
    free(text);
    veto_options_t o = exact_opts();
    o.timeout = 0.05;
    veto_explanation_t *e = NULL;
    assert_int_equal(veto_explain(&e, m, 0, NULL, &o, &err), VETO_ETIMEOUT);
    assert_null(e);
    if (strstr(err.message, "no engine can finish within the time limit: "
                            "dp would take an estimated") == NULL ||
        strstr(err.message, "must be exact") == NULL) {
        fail_msg("not the planner's refusal: %s", err.message);
    }
    assert_int_equal(err.hint_code, VETO_HINT_TIMEOUT);
    /* no advice to ask for what Monte Carlo estimates: explain is exact */
    assert_string_equal(err.hint_arg[2], "exact");
    char hint[256];
    veto_hint_text(hint, sizeof hint, &err);
    assert_null(strstr(hint, "Monte Carlo"));
    veto_model_free(m);
}

/* The two engines that fill one player's swings by size agree: dp's table
 * over (size, weight) and enumeration's Gray-code walk, on 300 random
 * weighted games of up to 14 players with weights 1..9 and quotas from 1
 * to the total; each example is a swing of the smallest size
 * with counts. */
static void player_counts_dp_equals_enum(void **state)
{
    (void)state;
    uint64_t s = 2026;
    unsigned iters = 300;
    const char *scale = getenv("VETO_TEST_SCALE");
    if (scale != NULL && atoi(scale) > 1) {
        iters *= (unsigned)atoi(scale);
    }
    for (unsigned it = 0; it < iters; it++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        size_t n = 1 + (size_t)((s >> 33) % 14);
        char text[256];
        unsigned w[14], total = 0;
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            w[i] = 1 + (unsigned)((s >> 35) % 9);
            total += w[i];
        }
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        int len = sprintf(text, "%u\n", 1 + (unsigned)((s >> 33) % total));
        for (size_t i = 0; i < n; i++) {
            len += sprintf(text + len, "%u\n", w[i]);
        }
        size_t p = (size_t)((s >> 20) % n);
        veto_model_t *m = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        assert_int_equal(veto_model_read(&m, "g.txt", text, (size_t)len,
                                         VETO_FORMAT_BARE, NULL, &err),
                         VETO_OK);
        veto_i_rule_t *r = NULL;
        assert_int_equal(veto_i_rule_build(&r, m, &err), VETO_OK);
        veto_i_wgame_t g;
        veto_status rc = VETO_OK;
        memset(&g, 0, sizeof g);
        bool weighted = veto_i_rule_weighted(&g, r, n, &rc);
        assert_int_equal(rc, VETO_OK);
        assert_true(weighted);
        veto_i_counts_t a, b;
        assert_true(veto_i_counts_init(&a, n, VETO_I_NEED_PLAYER));
        assert_true(veto_i_counts_init(&b, n, VETO_I_NEED_PLAYER));
        a.player = b.player = p;
        assert_int_equal(veto_i_dp_player(&a, &g, NULL, &err), VETO_OK);
        assert_int_equal(veto_i_enum_player(&b, r, n, NULL, &err), VETO_OK);
        size_t smallest = SIZE_MAX;
        for (size_t k = 0; k < n; k++) {
            if (mpz_cmp(a.player_k[k], b.player_k[k]) != 0) {
                fail_msg("game %u (n %zu, player %zu): size %zu differs", it, n,
                         p, k);
            }
            if (smallest == SIZE_MAX && mpz_sgn(b.player_k[k]) != 0) {
                smallest = k;
            }
        }
        assert_int_equal(a.example != NULL, smallest != SIZE_MAX);
        assert_int_equal(b.example != NULL, smallest != SIZE_MAX);
        for (int x = 0; x < 2 && smallest != SIZE_MAX; x++) {
            unsigned char *in = x == 0 ? a.example : b.example;
            size_t size = 0;
            for (size_t i = 0; i < n; i++) {
                size += in[i];
            }
            assert_int_equal(size, smallest);
            assert_int_equal(in[p], 0);
            assert_false(veto_i_rule_eval(r, in));
            in[p] = 1;
            assert_true(veto_i_rule_eval(r, in));
            in[p] = 0;
        }
        veto_i_counts_clear(&a);
        veto_i_counts_clear(&b);
        veto_i_rule_free(r);
        veto_i_wgame_clear(&g);
        veto_model_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(explain_timeout_up_front),
        cmocka_unit_test(player_counts_dp_equals_enum),
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
