/*
 * test_ternary.c: three-valued votes (issue 10). The Security Council
 * figures of the issue, exactly, and the enum engine against a brute force
 * written here straight from the definitions (every profile, every roll
 * call) on random three-valued rules.
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
#include "test_util.h"
#include "exact/ternary.h"
#include "rule/rule_i.h"

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

static void analyse(veto_i_ternary_t *t, const veto_model_t *m)
{
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    veto_status s = veto_i_ternary_model(t, m, &ctx, &err);
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

static uint64_t rng_state;
static uint64_t rnd(uint64_t k)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % k;
}

static veto_i_rule_t *random_term(size_t n)
{
    size_t pl[8], np = 0;
    for (size_t i = 0; i < n; i++) {
        if (rnd(3) != 0) {
            pl[np++] = i;
        }
    }
    if (np == 0) {
        pl[np++] = rnd(n);
    }
    veto_i_rule_t *r = veto_i_rule_term_new(np);
    assert_non_null(r);
    unsigned long total = 0;
    for (size_t j = 0; j < np; j++) {
        r->player[j] = pl[j];
        unsigned long w = 1 + rnd(3);
        mpz_set_ui(r->w[j], w);
        total += w;
    }
    r->vote = (unsigned char)rnd(3);
    if (r->vote == VETO_I_V_OF_VOTING) {
        static const unsigned long f[][2] = {{1, 2}, {2, 3}, {1, 3}, {3, 5}};
        size_t k = rnd(4);
        mpq_set_ui(r->share, f[k][0], f[k][1]);
        r->of_strict = rnd(2) == 0;
    } else {
        mpz_set_ui(r->quota, 1 + rnd(total));
    }
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

static veto_i_rule_t *random_rule(size_t n, int depth)
{
    if (depth == 0 || rnd(3) == 0) {
        return random_term(n);
    }
    size_t nk = 2 + rnd(2);
    veto_i_rule_t **kids = veto_i_malloc(nk * sizeof *kids);
    assert_non_null(kids);
    for (size_t c = 0; c < nk; c++) {
        kids[c] = random_rule(n, depth - 1);
    }
    veto_i_rule_t *r = veto_i_rule_kof_make((long long)(1 + rnd(nk)), kids, nk);
    assert_non_null(r);
    return r;
}

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
        veto_i_rule_t *r = random_rule(n, 2);
        mpq_t bel[8][3];
        for (size_t i = 0; i < n; i++) {
            for (int v = 0; v < 3; v++) {
                mpq_init(bel[i][v]);
            }
            unsigned long d = 2 + rnd(5);
            unsigned long a = rnd(d + 1), b = rnd(d + 1 - a);
            if (rnd(6) == 0) {
                /* a forced vote */
                a = rnd(2) ? d : 0;
                b = a == 0 && rnd(2) ? d : 0;
            }
            mpq_set_ui(bel[i][VETO_I_YES], a, d);
            mpq_set_ui(bel[i][VETO_I_ABSTAIN], b, d);
            mpq_set_ui(bel[i][VETO_I_NO], d - a - b, d);
            for (int v = 0; v < 3; v++) {
                mpq_canonicalize(bel[i][v]);
            }
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
    veto_i_rule_t *r = random_term(8);
    veto_i_ternary_t t;
    veto_i_ctx_t ctx;
    veto_error_t err;
    memset(&ctx, 0, sizeof ctx);
    memset(&err, 0, sizeof err);
    assert_int_equal(veto_i_ternary_enum(&t, r, 20, NULL, 0, &ctx, &err),
                     VETO_ELIMIT);
    veto_i_rule_free(r);
}

int main(void)
{
    vt_begin("test_ternary");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_practice),
        cmocka_unit_test(test_sc_literal),
        cmocka_unit_test(test_sc_recused_half),
        cmocka_unit_test(test_enum_vs_brute),
        cmocka_unit_test(test_limits),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
