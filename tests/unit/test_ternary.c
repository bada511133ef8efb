/*
 * test_ternary.c: three-valued votes (issue 10). The Security Council
 * figures of the issue, exactly, and the enum engine against a brute force
 * written here straight from the definitions (every profile, every roll
 * call) on random three-valued rules; explain, design and sweep on the
 * Council as practised, hand-checked (phase 2).
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

static veto_model_t *read_model(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_status s = veto_model_read(&m, "test.veto", text, strlen(text),
                                    VETO_FORMAT_VETO, NULL, &err);
    if (s != VETO_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.col,
                err.message);
    }
    assert_int_equal(s, VETO_OK);
    return m;
}

/* The engine the Security Council tests run on: NULL for
 * veto_i_ternary_model (enum), else this one on the model's rule and
 * beliefs (the defaults, then each scenario). */
typedef veto_status (*engine_fn)(veto_i_ternary_t *, const veto_i_rule_t *,
                                 size_t, const veto_i_tbelief_t *, size_t,
                                 const veto_i_ctx_t *, veto_error_t *);
static engine_fn engine;

static void analyse(veto_i_ternary_t *t, const veto_model_t *m)
{
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    veto_status s;
    if (engine == NULL) {
        s = veto_i_ternary_model(t, m, &ctx, &err);
    } else {
        veto_i_rule_t *r = NULL;
        assert_int_equal(veto_i_rule_build(&r, m, &err), VETO_OK);
        veto_i_tbelief_t bel[8];
        assert_true(m->nscen < 8);
        bel[0].yes = (const mpq_t *)m->belief;
        bel[0].abstain = (const mpq_t *)m->abstain;
        for (size_t k = 0; k < m->nscen; k++) {
            bel[k + 1].yes = (const mpq_t *)m->scen[k].belief;
            bel[k + 1].abstain = (const mpq_t *)m->scen[k].abstain;
        }
        s = engine(t, r, m->n, bel, m->nscen + 1, &ctx, &err);
        veto_i_rule_free(r);
    }
    if (s != VETO_OK) {
        fprintf(stderr, "%s\n", err.message);
    }
    assert_int_equal(s, VETO_OK);
}

static void assert_q(const mpq_t q, const char *want)
{
    char *got = mpq_get_str(NULL, 10, q);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "got %s, want %s\n", got, want);
    }
    assert_string_equal(got, want);
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(got, strlen(got) + 1);
}

static void assert_z(const mpz_t z, unsigned long want)
{
    assert_int_equal(mpz_cmp_ui(z, want), 0);
}

#define SC_PLAYERS                                                             \
    "players {\n  China France Russia UK USA [permanent]\n  10 elected\n}\n"

/* As practised (Art. 27(3); ICJ Namibia opinion 1971, para. 22): a
 * permanent member that abstains does not veto. */
static const char *sc_practice =
    "votes yes, abstain, no\n" SC_PLAYERS
    "pass when count >= 9 and all(permanent) at least abstain\n"
    "belief yes 1/3, abstain 1/3\n"
    "scenario \"Russia recuses\" { Russia = abstain }\n"
    "scenario \"Russia attacks\" { Russia = no }\n";

static const char *sc_literal = "votes yes, abstain, no\n" SC_PLAYERS
                                "pass when count >= 9 and all(permanent)\n"
                                "belief yes 1/3, abstain 1/3\n";

static void test_sc_practice(void **state)
{
    (void)state;
    veto_model_t *m = read_model(sc_practice);
    veto_i_ternary_t t;
    analyse(&t, m);
    assert_int_equal(t.nbel, 3);
    assert_q(t.bel[0].p_act, "48932/4782969");
    /* Russia = no: P(act) exactly 0 */
    assert_q(t.bel[2].p_act, "0");
    for (size_t i = 0; i < 15; i++) {
        assert_z(t.raw[i], i < 5 ? 108336 : 53154);
        assert_q(t.absolute[i], i < 5 ? "36112/1594323" : "5906/531441");
        assert_true(t.veto_no[i] == (i < 5));
        assert_false(t.veto_unless_yes[i]);
        assert_false(t.dummy[i]);
        assert_true(t.abstention_matters[i] == (i < 5));
    }
    /* A permanent member's no -> abstain decisiveness equals P(act) with
     * it recused. */
    assert_q(t.bel[0].p_dec_na[2], "12820/1594323");
    assert_q(t.bel[1].p_act, "12820/1594323");
    /* the two steps add up */
    mpq_t s;
    mpq_init(s);
    mpq_add(s, t.bel[0].p_dec_na[0], t.bel[0].p_dec_ay[0]);
    assert_true(mpq_equal(s, t.bel[0].p_dec_ny[0]));
    /* roll-call Shapley-Shubik sums to 1 */
    mpq_set_ui(s, 0, 1);
    for (size_t i = 0; i < 15; i++) {
        mpq_add(s, s, t.roll_call[i]);
    }
    assert_q(s, "1");
    mpq_clear(s);
    veto_i_ternary_clear(&t);
    veto_model_free(m);
}

static void test_sc_literal(void **state)
{
    (void)state;
    veto_model_t *m = read_model(sc_literal);
    veto_i_ternary_t t;
    analyse(&t, m);
    assert_q(t.bel[0].p_act, "8675/4782969");
    for (size_t i = 0; i < 15; i++) {
        assert_z(t.raw[i], i < 5 ? 26025 : 5376);
        assert_true(t.veto_unless_yes[i] == (i < 5));
        assert_false(t.abstention_matters[i]);
        /* abstaining is voting no here: the yes/no Shapley-Shubik index */
        assert_q(t.roll_call[i], i < 5 ? "421/2145" : "4/2145");
    }
    veto_i_ternary_clear(&t);
    veto_model_free(m);
}

/* Yes/no beliefs of 1/2 for the other fourteen, one permanent member
 * recused: 319/8192, against 53/2048 without recusal. */
static void test_sc_recused_half(void **state)
{
    (void)state;
    veto_model_t *m =
        read_model("votes yes, abstain, no\n" SC_PLAYERS
                   "pass when count >= 9 and all(permanent) at least abstain\n"
                   "belief yes 1/2\n"
                   "scenario \"China recused\" { China = abstain }\n");
    veto_i_ternary_t t;
    analyse(&t, m);
    assert_q(t.bel[0].p_act, "53/2048");
    assert_q(t.bel[1].p_act, "319/8192");
    veto_i_ternary_clear(&t);
    veto_model_free(m);
}

/* ---- brute force from the definitions --------------------------------- */

/* p(x) = prod_i P_i(x_i) */
static void prob(mpq_t p, const unsigned char *x, size_t n, mpq_t (*bel)[3])
{
    mpq_set_ui(p, 1, 1);
    for (size_t i = 0; i < n; i++) {
        mpq_mul(p, p, bel[i][x[i]]);
    }
}

static bool next(unsigned char *x, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        if (x[j] < 2) {
            x[j]++;
            return true;
        }
        x[j] = 0;
    }
    return false;
}

/* Is the outcome fixed once the players order[0..k) voted x? Every
 * completion of the others gives the same outcome. */
static bool fixed(const veto_i_rule_t *r, size_t n, const size_t *order,
                  size_t k, const unsigned char *votes)
{
    unsigned char y[8], rest[8];
    size_t nr = n - k;
    memset(rest, 0, sizeof rest);
    int first = -1;
    do {
        for (size_t j = 0; j < k; j++) {
            y[order[j]] = votes[order[j]];
        }
        for (size_t j = 0; j < nr; j++) {
            y[order[k + j]] = rest[j];
        }
        int o = veto_i_rule_eval3(r, y) ? 1 : 0;
        if (first < 0) {
            first = o;
        } else if (o != first) {
            return false;
        }
    } while (next(rest, nr));
    return true;
}

static void check_one(const veto_i_rule_t *r, size_t n, mpq_t (*bel)[3],
                      bool rollcall, uint64_t seed)
{
    veto_i_ternary_t t;
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    mpq_t yes[8], ab[8];
    for (size_t i = 0; i < n; i++) {
        mpq_init(yes[i]);
        mpq_init(ab[i]);
        mpq_set(yes[i], bel[i][VETO_I_YES]);
        mpq_set(ab[i], bel[i][VETO_I_ABSTAIN]);
    }
    veto_i_tbelief_t tb = {(const mpq_t *)yes, (const mpq_t *)ab};
    assert_int_equal(veto_i_ternary_enum(&t, r, n, &tb, 1, &ctx, &err),
                     VETO_OK);

    mpq_t pact, p, dna[8], day[8];
    mpq_init(pact);
    mpq_init(p);
    unsigned long raw[8] = {0};
    for (size_t i = 0; i < n; i++) {
        mpq_init(dna[i]);
        mpq_init(day[i]);
    }
    unsigned char x[8], y[8];
    memset(x, 0, sizeof x);
    do {
        prob(p, x, n, bel);
        if (veto_i_rule_eval3(r, x)) {
            mpq_add(pact, pact, p);
        }
        for (size_t i = 0; i < n; i++) {
            if (x[i] != VETO_I_NO) {
                continue; /* each profile of the others once */
            }
            /* p over the others: x with i's factor left out */
            mpq_set_ui(p, 1, 1);
            for (size_t j = 0; j < n; j++) {
                if (j != i) {
                    mpq_mul(p, p, bel[j][x[j]]);
                }
            }
            memcpy(y, x, n);
            bool vn = veto_i_rule_eval3(r, y);
            y[i] = VETO_I_ABSTAIN;
            bool va = veto_i_rule_eval3(r, y);
            y[i] = VETO_I_YES;
            bool vy = veto_i_rule_eval3(r, y);
            if (va != vn) {
                mpq_add(dna[i], dna[i], p);
            }
            if (vy != va) {
                mpq_add(day[i], day[i], p);
            }
            raw[i] += vy && !vn;
        }
    } while (next(x, n));
    if (!mpq_equal(pact, t.bel[0].p_act)) {
        fprintf(stderr, "seed %" PRIu64 ": P(act) differs\n", seed);
    }
    assert_true(mpq_equal(pact, t.bel[0].p_act));
    for (size_t i = 0; i < n; i++) {
        if (!mpq_equal(dna[i], t.bel[0].p_dec_na[i]) ||
            !mpq_equal(day[i], t.bel[0].p_dec_ay[i]) ||
            mpz_cmp_ui(t.raw[i], raw[i]) != 0) {
            fprintf(stderr, "seed %" PRIu64 ": player %zu differs\n", seed, i);
        }
        assert_true(mpq_equal(dna[i], t.bel[0].p_dec_na[i]));
        assert_true(mpq_equal(day[i], t.bel[0].p_dec_ay[i]));
        assert_int_equal(mpz_cmp_ui(t.raw[i], raw[i]), 0);
    }

    if (rollcall) {
        /* every order, every vote: who fixes the outcome first */
        unsigned long piv[8] = {0};
        size_t order[8];
        for (size_t i = 0; i < n; i++) {
            order[i] = i;
        }
        unsigned long total = 0;
        for (;;) {
            unsigned char v[8];
            memset(v, 0, sizeof v);
            do {
                total++;
                if (!fixed(r, n, order, 0, v)) {
                    for (size_t k = 1; k <= n; k++) {
                        if (fixed(r, n, order, k, v)) {
                            piv[order[k - 1]]++;
                            break;
                        }
                    }
                }
            } while (next(v, n));
            /* next permutation (lexicographic) */
            size_t a = n - 1;
            while (a > 0 && order[a - 1] > order[a]) {
                a--;
            }
            if (a == 0) {
                break;
            }
            size_t b = n - 1;
            while (order[b] < order[a - 1]) {
                b--;
            }
            size_t tmp = order[a - 1];
            order[a - 1] = order[b];
            order[b] = tmp;
            for (size_t i = a, j = n - 1; i < j; i++, j--) {
                tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(p, piv[i], total);
            mpq_canonicalize(p);
            if (!t.roll_call_undefined && !mpq_equal(p, t.roll_call[i])) {
                fprintf(stderr, "seed %" PRIu64 ": roll call %zu differs\n",
                        seed, i);
            }
            if (t.roll_call_undefined) {
                assert_int_equal(piv[i], 0);
            } else {
                assert_true(mpq_equal(p, t.roll_call[i]));
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        mpq_clear(dna[i]);
        mpq_clear(day[i]);
        mpq_clear(yes[i]);
        mpq_clear(ab[i]);
    }
    mpq_clear(pact);
    mpq_clear(p);
    veto_i_ternary_clear(&t);
}

static void test_enum_vs_brute(void **state)
{
    (void)state;
    size_t cases = (size_t)vt_count(300);
    for (size_t c = 0; c < cases; c++) {
        uint64_t seed = vt_seed(1000 + c);
        rng_state = seed;
        size_t n = 1 + rnd(7);
        /* every roll call from the definition costs n! 3^n completions
         * checks: all rules up to 4 players, every tenth of 5 */
        bool rollcall = n <= 4 || (n == 5 && c % 10 == 0);
        veto_i_rule_t *r = random_rule(n, 2, 3, 4);
        mpq_t bel[8][3];
        for (size_t i = 0; i < n; i++) {
            for (int v = 0; v < 3; v++) {
                mpq_init(bel[i][v]);
            }
            random_belief(bel[i][VETO_I_YES], bel[i][VETO_I_ABSTAIN],
                          bel[i][VETO_I_NO]);
        }
        check_one(r, n, bel, rollcall, seed);
        for (size_t i = 0; i < n; i++) {
            for (int v = 0; v < 3; v++) {
                mpq_clear(bel[i][v]);
            }
        }
        veto_i_rule_free(r);
    }
}

static void test_limits(void **state)
{
    (void)state;
    veto_i_rule_t *r = random_term(8, 3, -1, 4);
    veto_i_ternary_t t;
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    assert_int_equal(veto_i_ternary_enum(&t, r, 20, NULL, 0, &ctx, &err),
                     VETO_ELIMIT);
    veto_i_rule_free(r);
}

/* ---- explain, design and sweep on the Council as practised (phase 2) -- */

static const char *sc_tools =
    "votes yes, abstain, no\n"
    "players {\n  China France Russia UK USA [permanent]\n"
    "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n}\n"
    "pass when count >= 9 and all(permanent) at least abstain\n"
    "belief yes 1/3, abstain 1/3\n"
    "scenario \"Russia recuses\" { Russia = abstain }\n"
    "scenario \"China abstains, Russia votes no\" "
    "{ Russia = no  China = abstain }\n";

static veto_options_t exact_options(void)
{
    veto_options_t o;
    veto_options_init(&o);
    o.exact = true;
    return o;
}

/* Hand-checked: China's no blocks (the others all yes reach 4 of the 5
 * permanent members not voting no), its abstention does not; it swings
 * 108336 profiles (the ternary Banzhaf raw); it blocks alone.
 * Under "Russia recuses" P(act) is 12820/1594323 (the issue) and China's
 * no -> abstain step is decisive exactly when its abstention wins: France,
 * UK and USA not voting no, j of them yes (C(3,j)/27) and at least 9 - j
 * of the ten elected members yes (each 1/3): 2876/531441. E1's smallest
 * blocking coalitions by voting no: E1 and six other elected members
 * (C(9,6) = 84), and with Russia recused five (C(9,5) = 126). When Russia
 * votes no, P(act) is 0 because of Russia's no. */
static void test_sc_explain(void **state)
{
    (void)state;
    veto_model_t *m = read_model(sc_tools);
    veto_options_t o = exact_options();
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_explanation_t *e = NULL;
    assert_int_equal(veto_explain(&e, m, 0, "Russia recuses", &o, &err),
                     VETO_OK);
    assert_true(e->ternary);
    assert_true(e->veto);
    assert_false(e->veto_unless_yes);
    assert_true(e->abstention_matters);
    assert_false(e->dummy);
    assert_int_equal(e->nfailed, 1);
    assert_string_equal(e->failed[0].text, "all(permanent) at least abstain");
    assert_z(e->failed[0].have, 4);
    assert_z(e->failed[0].need, 5);
    assert_int_equal(e->failed[0].missing.size, 1);
    assert_int_equal(e->failed[0].missing.member[0], 0);
    assert_z(e->swings, 108336);
    assert_int_equal(e->blocking[0].status, VETO_BLOCK_OK);
    assert_int_equal(e->blocking[0].size, 1);
    assert_q(e->p_act_q, "12820/1594323");
    assert_q(e->p_decisive_na_q[0], "2876/531441");
    assert_int_equal(e->recused.size, 1);
    assert_int_equal(e->recused.member[0], 2);
    assert_int_equal(e->reason, VETO_PACT_BETWEEN);
    veto_explanation_free(e);

    e = NULL;
    assert_int_equal(veto_explain(&e, m, 5, "Russia recuses", &o, &err),
                     VETO_OK);
    assert_false(e->veto);
    assert_false(e->abstention_matters);
    assert_z(e->swings, 53154);
    assert_int_equal(e->blocking[0].size, 7);
    assert_z(e->blocking[0].count, 84);
    assert_int_equal(e->blocking[1].size, 6);
    assert_z(e->blocking[1].count, 126);
    /* the certificate wins with E1 voting no and no one can step down */
    unsigned char x[15];
    memset(x, VETO_I_NO, sizeof x);
    for (size_t k = 0; k < e->winning_without.size; k++) {
        x[e->winning_without.member[k]] = VETO_I_YES;
    }
    for (size_t k = 0; k < e->winning_abstain.size; k++) {
        x[e->winning_abstain.member[k]] = VETO_I_ABSTAIN;
    }
    assert_int_equal(x[5], VETO_I_NO);
    assert_int_equal(e->winning_without.size, 9);
    assert_int_equal(e->winning_abstain.size, 0);
    veto_explanation_free(e);

    e = NULL;
    assert_int_equal(
        veto_explain(&e, m, 0, "China abstains, Russia votes no", &o, &err),
        VETO_OK);
    assert_q(e->p_act_q, "0");
    assert_int_equal(e->reason, VETO_PACT_ZERO);
    assert_true(e->blockers_veto);
    assert_int_equal(e->blockers.size, 1);
    assert_int_equal(e->blockers.member[0], 2);
    veto_explanation_free(e);
    veto_model_free(m);
}

/* Hand-checked: lowering all(permanent) at least abstain to 4 of 5 is the
 * smallest threshold move; China's abstention already does not block, so
 * the only vote move is "China must abstain": China is a dummy, France,
 * Russia, UK and USA keep their vetoes and P(act) is the Council's with a
 * permanent member recused, 12820/1594323 (the issue). */
static void test_sc_design(void **state)
{
    (void)state;
    veto_model_t *m = read_model(sc_tools);
    veto_options_t o = exact_options();
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_design_t *d = NULL;
    assert_int_equal(veto_design_remove_veto(&d, m, 0, 3, &o, &err), VETO_OK);
    assert_true(d->ternary);
    assert_false(d->already);
    assert_int_equal(d->ncand, 3);
    assert_int_equal(d->cand[0].move, VETO_MOVE_THRESHOLDS);
    assert_string_equal(d->cand[0].change[0].after,
                        "count(permanent) >= 4 at least abstain");
    assert_false(d->cand[0].result->veto_player[0]);
    veto_design_candidate_t *c = &d->cand[2];
    assert_int_equal(c->move, VETO_MOVE_MUST_ABSTAIN);
    assert_string_equal(c->rule_text,
                        "count(France, Russia, UK, USA, E1, E2, E3, E4, E5, "
                        "E6, E7, E8, E9, E10) >= 9 and all(France, Russia, "
                        "UK, USA) at least abstain");
    assert_int_equal(c->result->dummy[0], VETO_YES);
    assert_false(c->result->veto_player[0]);
    for (size_t i = 1; i < 5; i++) {
        assert_true(c->result->veto_player[i]);
    }
    assert_q(c->result->belief[0].p_act_q, "12820/1594323");
    veto_design_free(d);

    /* the literal reading: China's abstention blocks, and the move that
     * lets it abstain keeps its blocking no */
    veto_model_t *lit =
        read_model("votes yes, abstain, no\n"
                   "players {\n  China France Russia UK USA [permanent]\n"
                   "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n}\n"
                   "pass when count >= 9 and all(permanent)\n"
                   "belief yes 1/3, abstain 1/3\n");
    d = NULL;
    assert_int_equal(veto_design_remove_veto(&d, lit, 0, 3, &o, &err), VETO_OK);
    c = NULL;
    for (size_t k = 0; k < d->ncand; k++) {
        if (d->cand[k].move == VETO_MOVE_ABSTENTION_COUNTS) {
            c = &d->cand[k];
        }
    }
    assert_non_null(c);
    assert_string_equal(c->rule_text, "count >= 9 and China at least abstain "
                                      "and all(France, Russia, UK, USA)");
    assert_true(c->result->veto_player[0]);
    assert_false(c->result->veto_unless_yes[0]);
    veto_design_free(d);
    veto_model_free(lit);
    veto_model_free(m);
}

/* P(act | China yes) = 108336/3^14 and P(act | China abstains) =
 * 38460/3^14 (= 12820/3^13, the issue): with yes held at 1/3 and abstain
 * 0, 1/3, 2/3, P(act) is 36112/3^14, 48932/3^14 (the issue's) and
 * 61752/3^14 = 20584/3^13; abstain 1 would make yes + abstain 4/3. */
static void test_sc_sweep(void **state)
{
    (void)state;
    veto_model_t *m = read_model(sc_tools);
    veto_options_t o = exact_options();
    veto_error_t err;
    memset(&err, 0, sizeof err);
    veto_sweep_spec_t sp;
    veto_sweep_spec_init(&sp);
    sp.kind = VETO_SWEEP_BELIEF;
    sp.player = 0;
    sp.vote = VETO_VOTE_ABSTAIN;
    sp.steps = 3;
    mpq_set_ui(sp.from, 0, 1);
    mpq_set_ui(sp.to, 2, 3);
    veto_sweep_t *s = NULL;
    assert_int_equal(veto_sweep(&s, m, &sp, &o, &err), VETO_OK);
    assert_int_equal(s->npoints, 3);
    assert_q(s->result[0]->belief[0].p_act_q, "36112/4782969");
    assert_q(s->result[1]->belief[0].p_act_q, "48932/4782969");
    assert_q(s->result[2]->belief[0].p_act_q, "20584/1594323");
    veto_sweep_free(s);
    s = NULL;
    mpq_set_ui(sp.to, 1, 1);
    assert_int_equal(veto_sweep(&s, m, &sp, &o, &err), VETO_EMISUSE);
    assert_non_null(strstr(err.message, "point 3"));
    veto_sweep_spec_clear(&sp);
    veto_model_free(m);
}

/* The same figures from the bdd engine. */
static void test_sc_bdd(void **state)
{
    engine = veto_i_ternary_bdd;
    test_sc_practice(state);
    test_sc_literal(state);
    test_sc_recused_half(state);
    engine = NULL;
}

/* And from the choice by cost the tools use (bdd for 15 players). */
static void test_sc_exact(void **state)
{
    engine = veto_i_ternary_exact;
    test_sc_practice(state);
    test_sc_literal(state);
    test_sc_recused_half(state);
    engine = NULL;
}

int main(void)
{
    vt_begin("test_ternary");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_practice),
        cmocka_unit_test(test_sc_literal),
        cmocka_unit_test(test_sc_recused_half),
        cmocka_unit_test(test_sc_bdd),
        cmocka_unit_test(test_sc_exact),
        cmocka_unit_test(test_enum_vs_brute),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_sc_explain),
        cmocka_unit_test(test_sc_design),
        cmocka_unit_test(test_sc_sweep),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
