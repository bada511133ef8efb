/*
 * test_report.c: the report room through the public API (veto_report_*):
 * the string each writer returns, the veto/1 JSON details the schema cannot
 * state, plain CSV numbers, and misuse.
 *
 * Figures: the UN Security Council (5 permanent members, 10 elected, nine
 * votes with no permanent veto) has 848 winning coalitions; a permanent
 * member's Shapley-Shubik index is 421/2145 and its normalised Banzhaf
 * index 106/635 (Felsenthal and Machover, The Measurement of Voting Power,
 * 1998, ch. 3; the same figures as tests/lang/analyst.test). The nearest
 * doubles are 0.19627039627039627 and 0.16692913385826771 (Python's repr,
 * which is correctly rounded and shortest).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <gmp.h>

#include "analyst_models.h"

static veto_result_t *analyse(const veto_model_t *m, bool beliefs)
{
    veto_result_t *r = NULL;
    veto_options_t o = exact_opts();
    o.beliefs = beliefs;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_analyse(&r, m, &o, &err) != VETO_OK) {
        fail_msg("analysis failed: %s", err.message);
    }
    return r;
}

static char *report_power(const veto_model_t *m, const veto_result_t *r,
                          veto_report_format fmt, bool exact)
{
    veto_report_options_t ro;
    veto_report_options_init(&ro);
    ro.format = fmt;
    ro.exact = exact;
    char *out = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_report_power(&out, m, r, &ro, &err);
    if (s != VETO_OK) {
        fail_msg("report failed: %s", err.message);
    }
    assert_non_null(out);
    return out;
}

static void contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL) {
        fail_msg("missing %s in:\n%.2000s", needle, hay);
    }
}

static void json_numbers(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_result_t *r = analyse(m, false);
    /* The figures the writers start from. */
    assert_z(r->winning, "848");
    assert_q(r->value[VETO_IDX_SHAPLEY_SHUBIK][0], "421/2145");
    assert_q(r->value[VETO_IDX_BANZHAF][0], "106/635");
    char *j = report_power(m, r, VETO_REPORT_JSON, false);
    contains(j, "\"schema\": \"veto/1\"");
    contains(j, "\"command\": \"power\"");
    contains(j, "\"title\": \"UN Security Council\"");
    contains(j, "\"winning\": \"848\"");
    /* Counts are strings, never 848.0. */
    contains(j, "\"banzhaf_raw\": [\n      \"848\"");
    /* The nearest double, shortest: not ...625 (mpq_get_d truncates). */
    contains(j, "\"shapley_shubik\": [\n      0.19627039627039627,");
    contains(j, "\"banzhaf\": [\n      0.16692913385826771,");
    /* Not asked for: null, not missing. */
    contains(j, "\"beliefs\": null");
    contains(j, "\"bdd_nodes\": null");
    /* dp counted two types: the permanent members (weight 7) and the
     * elected ones (1). */
    assert_int_equal(r->dp_types, 2);
    assert_int_equal(r->bdd_levels, 0);
    contains(j, "\"dp_types\": 2");
    /* so small a game: the recursion, not the power series */
    contains(j, "\"dp_power_series\": []");
    assert_int_equal(r->dp_power_series, 0);
    contains(j, "\"bdd_levels\": null");
    veto_free(j);
    j = report_power(m, r, VETO_REPORT_TEXT, false);
    contains(j, "engine: dp over 2 types of equal weight (");
    veto_free(j);
    j = report_power(m, r, VETO_REPORT_JSON, true);
    contains(j, "\"shapley_shubik\": [\n      \"421/2145\",");
    veto_free(j);
    veto_result_free(r);
    veto_model_free(m);
}

/* The engine line of bdd: its levels, one per type of interchangeable
 * players (the permanent and the elected members), and no dp types. */
static void engine_levels(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_result_t *r = NULL;
    veto_options_t o = exact_opts();
    o.method = VETO_METHOD_BDD;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_analyse(&r, m, &o, &err), VETO_OK);
    assert_int_equal(r->bdd_levels, 2);
    assert_int_equal(r->dp_types, 0);
    assert_z(r->winning, "848");
    char *j = report_power(m, r, VETO_REPORT_JSON, false);
    contains(j, "\"bdd_levels\": 2");
    contains(j, "\"dp_types\": null");
    contains(j, "\"dp_power_series\": null");
    veto_free(j);
    j = report_power(m, r, VETO_REPORT_TEXT, false);
    contains(j, "engine: bdd of 2 levels (asked for with --method bdd)");
    veto_free(j);
    veto_result_free(r);
    veto_model_free(m);
}

static void csv_plain(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_result_t *r = analyse(m, false);
    char *c = report_power(m, r, VETO_REPORT_CSV, false);
    contains(c, "player,banzhaf_raw,banzhaf,");
    contains(c, "\nChina,848,0.16692913385826771,");
    contains(c, ",0.19627039627039627,");
    veto_free(c);
    c = report_power(m, r, VETO_REPORT_CSV, true);
    contains(c, "\nChina,848,106/635,");
    veto_free(c);
    /* Text keeps six decimals for people. */
    char *t = report_power(m, r, VETO_REPORT_TEXT, false);
    contains(t, "0.196270");
    veto_free(t);
    veto_result_free(r);
    veto_model_free(m);
}

/* Beliefs have one shape: the defaults and a list of scenarios. */
static void full_models(void **state)
{
    (void)state;
    veto_model_t *m = read_model(unsc_text);
    veto_result_t *r = analyse(m, true);
    const veto_model_t *ms[1] = {m};
    const veto_result_t *rs[1] = {r};
    veto_report_options_t ro;
    veto_report_options_init(&ro);
    ro.format = VETO_REPORT_JSON;
    ro.exact = true;
    char *out = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_report_full(&out, ms, rs, 1, &ro, &err), VETO_OK);
    contains(out, "\"command\": \"report\",\n  \"models\": [");
    contains(out, "\"default\": {\n          \"name\": \"default\",\n"
                  "          \"p_act\": \"53/2048\"");
    contains(out, "\"name\": \"Russia is the attacker\",\n"
                  "            \"p_act\": \"0\"");
    veto_free(out);
    assert_int_equal(veto_report_compare(&out, ms, rs, 1, &ro, &err), VETO_OK);
    contains(out, "\"command\": \"compare\",\n  \"models\": [");
    veto_free(out);
    veto_result_free(r);
    veto_model_free(m);
}

/* A value so close to 1 that its nearest double is 1 must not print as
 * "1": 60 players of whom any one acts give power to act 1 - 2^-60, and
 * 2^-60 = 8.673617379884035e-19. */
static void near_one(void **state)
{
    (void)state;
    char text[1024] = "players {";
    /* all 60 in one group, any of whom acts */
    for (int i = 0; i < 60; i++) {
        char p[16];
        snprintf(p, sizeof p, " P%d", i);
        strcat(text, p);
    }
    strcat(text, " [g] }\npass when any(g)\n");
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_model_read(&m, "t.veto", text, strlen(text), VETO_FORMAT_AUTO,
                        NULL, &err) != VETO_OK) {
        fail_msg("%s", err.message);
    }
    veto_result_t *r = analyse(m, false);
    char *t = report_power(m, r, VETO_REPORT_TEXT, false);
    contains(t, "(power to act 1-8.67e-19)");
    veto_free(t);
    veto_result_free(r);
    veto_model_free(m);
}

/* The bare weighted game of n players of weight 1 and this quota. */
static veto_model_t *ones_model(int n, int quota)
{
    char *text = malloc(16 + 2 * (size_t)n);
    size_t len = (size_t)sprintf(text, "%d", quota);
    for (int i = 0; i < n; i++) {
        len += (size_t)sprintf(text + len, " 1");
    }
    strcpy(text + len, "\n");
    veto_model_t *m = read_model(text);
    free(text);
    return m;
}

/* veto_report_indices of x (entries want) in format fmt. */
static char *report_indices(const veto_model_t *m, const veto_indices_t *x,
                            const bool *want, veto_report_format fmt)
{
    veto_report_options_t ro;
    veto_report_options_init(&ro);
    ro.format = fmt;
    char *out = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_report_indices(&out, m, x, want, &ro, &err), VETO_OK);
    return out;
}

/* Raw indices beyond a double's range: 1,100 players of weight 1 and a
 * quota of 551 have C(1100, 551) ~ 10^329 minimal winning coalitions.
 * Deegan-Packel's raw sum of 1/|S| over them (C(1099, 550) / 551) is an
 * integer; the null-player-free f's raw value is not, and was "inf" in the
 * text and null in JSON: now its six-decimal rounding by GMP and its
 * fraction. */
static void beyond_double(void **state)
{
    (void)state;
    veto_model_t *m = ones_model(1100, 551);
    veto_error_t err;
    veto_error_clear(&err);
    size_t nk = veto_index_catalogue_size();
    bool *want = calloc(nk, sizeof *want);
    long f = veto_index_lookup("null_free_f_raw");
    long dp = veto_index_lookup("deegan_packel_raw");
    assert_true(f >= 0 && dp >= 0);
    want[f] = want[dp] = true;
    veto_indices_t *x = NULL;
    assert_int_equal(veto_indices_compute_some(&x, m, NULL, want, NULL, &err),
                     VETO_OK);
    /* the expected value by hand: the fraction's integer part and six
     * decimals, rounded half up */
    mpq_srcptr q = x->value[f][0];
    assert_true(mpz_sizeinbase(mpq_numref(q), 10) -
                    mpz_sizeinbase(mpq_denref(q), 10) >
                320);
    assert_true(mpz_cmp_ui(mpq_denref(q), 1) != 0);
    mpz_t r;
    mpz_init(r);
    mpz_ui_pow_ui(r, 10, 6);
    mpz_mul(r, r, mpq_numref(q));
    mpz_mul_2exp(r, r, 1);
    mpz_add(r, r, mpq_denref(q));
    mpz_fdiv_q(r, r, mpq_denref(q));
    mpz_fdiv_q_2exp(r, r, 1);
    char *digits = mpz_get_str(NULL, 10, r);
    size_t nd = strlen(digits);
    char want_text[1024];
    snprintf(want_text, sizeof want_text, " %.*s.%s", (int)(nd - 6), digits,
             digits + nd - 6);
    char *out = report_indices(m, x, want, VETO_REPORT_TEXT);
    contains(out, want_text);
    assert_null(strstr(out, "inf"));
    veto_free(out);
    out = report_indices(m, x, want, VETO_REPORT_JSON);
    char *frac = mpq_get_str(NULL, 10, q);
    char want_json[1024];
    snprintf(want_json, sizeof want_json,
             "\"null_free_f_raw\": [\n      \"%s\"", frac);
    contains(out, want_json);
    contains(out, "\"deegan_packel_raw\": [\n      \"");
    veto_free(out);
    void (*gfree)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gfree);
    gfree(digits, nd + 1);
    gfree(frac, strlen(frac) + 1);
    mpz_clear(r);
    veto_indices_free(x);
    free(want);
    veto_model_free(m);
}

/* veto indices as text for more than 16 players: a line per player and a
 * column per index (the other way round, every column was as wide as its
 * widest cell: 539 MB for 2,000 players), the game's numbers on lines of
 * their own below; 16 players keep a line per index. */
static void wide_text(void **state)
{
    (void)state;
    for (int n = 16; n <= 20; n += 4) {
        veto_model_t *m = ones_model(n, n / 2 + 1);
        veto_error_t err;
        veto_error_clear(&err);
        size_t nk = veto_index_catalogue_size();
        bool *want = calloc(nk, sizeof *want);
        want[veto_index_lookup("banzhaf")] = true;
        want[veto_index_lookup("minimal_winning_smallest")] = true;
        veto_indices_t *x = NULL;
        assert_int_equal(
            veto_indices_compute_some(&x, m, NULL, want, NULL, &err), VETO_OK);
        char *out = report_indices(m, x, want, VETO_REPORT_TEXT);
        if (n == 20) {
            /* C(20, 11) minimal winning coalitions, all of size 11 */
            contains(out, "\nplayer  Banzhaf (normalised)\nP1      0.050000\n");
            contains(out, "\nP20     0.050000\nnumber of minimal winning "
                          "coalitions of the smallest size: 167960\n");
            assert_null(strstr(out, "\nindex "));
        } else {
            /* C(16, 9) */
            contains(out, "\nindex  ");
            contains(out, "\nnumber of minimal winning coalitions of the "
                          "smallest size  11440  ");
            assert_null(strstr(out, "\nplayer "));
        }
        veto_free(out);
        veto_indices_free(x);
        free(want);
        veto_model_free(m);
    }
}

static void misuse(void **state)
{
    (void)state;
    veto_model_t *m = read_model(draft_text);
    veto_result_t *r = analyse(m, false);
    veto_error_t err;
    veto_error_clear(&err);
    char *out = (char *)"untouched";
    assert_int_equal(veto_report_power(&out, NULL, r, NULL, &err),
                     VETO_EMISUSE);
    assert_null(out);
    assert_int_equal(veto_report_power(NULL, m, r, NULL, &err), VETO_EMISUSE);
    assert_int_equal(veto_report_full(&out, NULL, NULL, 0, NULL, &err),
                     VETO_EMISUSE);
    /* explain writes text, md and json only. */
    veto_explanation_t *e = NULL;
    assert_int_equal(veto_explain(&e, m, 2, NULL, NULL, &err), VETO_OK);
    veto_report_options_t ro;
    veto_report_options_init(&ro);
    ro.format = VETO_REPORT_CSV;
    out = (char *)"untouched";
    assert_int_equal(veto_report_explain(&out, m, e, &ro, &err),
                     VETO_EMISUSE);
    assert_null(out);
    ro.format = VETO_REPORT_TEXT;
    assert_int_equal(veto_report_explain(&out, m, e, &ro, &err), VETO_OK);
    contains(out, "Russia is a veto player");
    veto_free(out);
    ro.format = (veto_report_format)99;
    assert_int_equal(veto_report_power(&out, m, r, &ro, &err), VETO_EMISUSE);
    veto_explanation_free(e);
    veto_result_free(r);
    veto_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_numbers), cmocka_unit_test(engine_levels),
        cmocka_unit_test(csv_plain),    cmocka_unit_test(full_models),
        cmocka_unit_test(near_one),     cmocka_unit_test(beyond_double),
        cmocka_unit_test(wide_text),    cmocka_unit_test(misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
