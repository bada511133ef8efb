/*
 * test_api.c: every public function of include/veto.h called as a careless
 * caller would: NULL pointers, indices and enum values out of range,
 * options outside their ranges. Functions returning a status give
 * VETO_EMISUSE with a message naming the function (never a crash); the
 * others give 0, NULL or nothing. Also the player look-up by name and the
 * hint as data (veto_hint_text). Only the public API is used here.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "veto.h"

static const char model_text[] = "players { A B C }\n"
                                 "pass when 2 of (A, B, C)\n"
                                 "scenario \"calm\" { A = 1/4 }\n";

static veto_model_t *model(void)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read(&m, "m.veto", model_text,
                                     strlen(model_text), VETO_FORMAT_AUTO, NULL,
                                     &err),
                     VETO_OK);
    return m;
}

/* A status of VETO_EMISUSE whose message starts with the function's name
 * and mentions `what`. */
static void assert_misuse(veto_status st, const veto_error_t *err,
                          const char *func, const char *what)
{
    assert_int_equal(st, VETO_EMISUSE);
    assert_int_equal(err->code, VETO_EMISUSE);
    if (strncmp(err->message, func, strlen(func)) != 0 ||
        strstr(err->message, what) == NULL) {
        fail_msg("message '%s' should name %s and '%s'", err->message, func,
                 what);
    }
}

static void read_misuse(void **state)
{
    (void)state;
    veto_model_t *m = (veto_model_t *)1; /* must be reset to NULL */
    veto_error_t err;
    veto_limits_t lim;
    veto_limits_init(&lim);

    veto_error_clear(&err);
    assert_misuse(
        veto_model_read(NULL, "x", "A", 1, VETO_FORMAT_AUTO, NULL, &err), &err,
        "veto_model_read", "out is NULL");
    assert_misuse(veto_model_read(&m, "x", model_text, strlen(model_text),
                                  (veto_format)17, NULL, &err),
                  &err, "veto_model_read", "format");
    assert_null(m);
    lim.max_depth = 0;
    assert_misuse(veto_model_read(&m, "x", model_text, strlen(model_text),
                                  VETO_FORMAT_AUTO, &lim, &err),
                  &err, "veto_model_read", "limit");
    /* text NULL with a length: misuse too (this one predates the checks) */
    assert_int_equal(
        veto_model_read(&m, "x", NULL, 5, VETO_FORMAT_AUTO, NULL, &err),
        VETO_EMISUSE);

    assert_misuse(
        veto_model_read_file(NULL, "x.veto", VETO_FORMAT_AUTO, NULL, &err),
        &err, "veto_model_read_file", "out is NULL");
    m = (veto_model_t *)1;
    assert_misuse(veto_model_read_file(&m, NULL, VETO_FORMAT_AUTO, NULL, &err),
                  &err, "veto_model_read_file", "path is NULL");
    assert_null(m);
    assert_misuse(
        veto_model_read_file(&m, "x.veto", (veto_format)-1, NULL, &err), &err,
        "veto_model_read_file", "format");
    veto_limits_init(&lim);
    lim.max_players = 0;
    assert_misuse(
        veto_model_read_file(&m, "x.veto", VETO_FORMAT_AUTO, &lim, &err), &err,
        "veto_model_read_file", "limit");
    /* No error record at all: the status still says what happened. */
    assert_int_equal(
        veto_model_read(NULL, "x", "A", 1, VETO_FORMAT_AUTO, NULL, NULL),
        VETO_EMISUSE);
}

static void accessors_take_null(void **state)
{
    (void)state;
    assert_int_equal(veto_model_nplayers(NULL), 0);
    assert_null(veto_model_player(NULL, 0));
    assert_null(veto_model_title(NULL));
    assert_null(veto_model_filename(NULL));
    assert_int_equal(veto_model_nsources(NULL), 0);
    assert_null(veto_model_source(NULL, 0));
    assert_int_equal(veto_model_nnotes(NULL), 0);
    assert_null(veto_model_note(NULL, 0));
    assert_int_equal(veto_model_nscenarios(NULL), 0);
    assert_null(veto_model_scenario(NULL, 0));
    assert_int_equal(veto_model_nwarnings(NULL), 0);
    assert_null(veto_model_warning(NULL, 0));

    veto_model_t *m = model();
    assert_int_equal(veto_model_nplayers(m), 3);
    assert_string_equal(veto_model_player(m, 2), "C");
    assert_null(veto_model_player(m, 3));
    assert_null(veto_model_player(m, SIZE_MAX));
    assert_null(veto_model_source(m, 0));
    assert_null(veto_model_note(m, 7));
    assert_string_equal(veto_model_scenario(m, 0), "calm");
    assert_null(veto_model_scenario(m, 1));
    assert_null(veto_model_warning(m, 99));

    mpq_t q;
    mpq_init(q);
    veto_model_belief(q, m, 1, 0);
    assert_int_equal(mpq_cmp_ui(q, 1, 4), 0);
    veto_model_belief(q, m, 2, 0); /* no scenario 2 */
    assert_int_equal(mpq_sgn(q), 0);
    mpq_set_ui(q, 1, 3);
    veto_model_belief(q, m, 0, 3); /* no player 3 */
    assert_int_equal(mpq_sgn(q), 0);
    mpq_set_ui(q, 1, 3);
    veto_model_belief(q, NULL, 0, 0);
    assert_int_equal(mpq_sgn(q), 0);
    veto_model_belief(NULL, m, 0, 0); /* nothing to write: nothing done */
    mpq_clear(q);

    assert_string_equal(veto_index_key((veto_index)VETO_NINDEX), "?");
    assert_string_equal(veto_index_name((veto_index)-1), "?");
    assert_string_equal(veto_method_name((veto_method)42), "?");
    assert_string_equal(veto_strerror((veto_status)99), "unknown error");

    /* Init, clear and free take NULL as nothing to do. */
    veto_limits_init(NULL);
    veto_options_init(NULL);
    veto_sweep_spec_init(NULL);
    veto_sweep_spec_clear(NULL);
    veto_error_clear(NULL);
    veto_free(NULL);
    veto_model_free(NULL);
    veto_result_free(NULL);
    veto_explanation_free(NULL);
    veto_thresholds_free(NULL, 3);
    veto_sweep_free(NULL);
    veto_design_free(NULL);
    veto_model_free(m);
}

static void analyse_misuse(void **state)
{
    (void)state;
    veto_model_t *m = model();
    veto_result_t *r = (veto_result_t *)1;
    veto_error_t err;
    veto_options_t o;
    veto_error_clear(&err);

    assert_misuse(veto_analyse(NULL, m, NULL, &err), &err, "veto_analyse",
                  "out is NULL");
    /* The crash of issue 13: a NULL model. */
    assert_misuse(veto_analyse(&r, NULL, NULL, &err), &err, "veto_analyse",
                  "model is NULL");
    assert_null(r);
    assert_int_equal(veto_analyse(&r, NULL, NULL, NULL), VETO_EMISUSE);

    size_t nbad = 0;
#define BAD(body, w)                                                           \
    do {                                                                       \
        veto_options_init(&o);                                                 \
        body;                                                                  \
        veto_error_clear(&err);                                                \
        r = (veto_result_t *)1;                                                \
        assert_misuse(veto_analyse(&r, m, &o, &err), &err, "veto_analyse", w); \
        assert_null(r);                                                        \
        nbad++;                                                                \
    } while (0)
    BAD(o.method = (veto_method)9, "method");
    BAD(o.method = (veto_method)-1, "method");
    BAD(o.indices = 1u << VETO_NINDEX, "indices");
    BAD(o.timeout = -1, "timeout");
    BAD(o.timeout = NAN, "timeout");
    BAD(o.epsilon = 1.5, "epsilon");
    BAD(o.epsilon = -0.1, "epsilon");
    BAD(o.confidence = 1, "confidence");
    BAD(o.confidence = NAN, "confidence");
    BAD(o.nranks = 0, "nranks");
    BAD((o.rank = 2, o.nranks = 2), "rank");
    BAD(o.nranks = 4, "reduce");
#undef BAD
    assert_int_equal(nbad, 12);

    /* The defaults, and 0 for epsilon and confidence (= the defaults), are
     * fine. */
    veto_options_init(&o);
    o.epsilon = 0;
    o.confidence = 0;
    assert_int_equal(veto_analyse(&r, m, &o, &err), VETO_OK);
    assert_int_equal(r->n, 3);
    veto_result_free(r);
    veto_model_free(m);
}

static void describe_words_thresholds_misuse(void **state)
{
    (void)state;
    veto_model_t *m = model();
    veto_error_t err;
    char *s = (char *)1;
    veto_error_clear(&err);

    assert_misuse(veto_model_describe(NULL, m, &err), &err,
                  "veto_model_describe", "out is NULL");
    assert_misuse(veto_model_describe(&s, NULL, &err), &err,
                  "veto_model_describe", "m is NULL");
    assert_null(s);

    s = (char *)1;
    assert_misuse(veto_rule_words(NULL, m, &err), &err, "veto_rule_words",
                  "out is NULL");
    assert_misuse(veto_rule_words(&s, NULL, &err), &err, "veto_rule_words",
                  "model is NULL");
    assert_null(s);

    veto_threshold_t *t = (veto_threshold_t *)1;
    size_t count = 9;
    assert_misuse(veto_thresholds(NULL, &count, m, &err), &err,
                  "veto_thresholds", "out is NULL");
    assert_misuse(veto_thresholds(&t, NULL, m, &err), &err, "veto_thresholds",
                  "count is NULL");
    assert_misuse(veto_thresholds(&t, &count, NULL, &err), &err,
                  "veto_thresholds", "model is NULL");
    assert_null(t);
    assert_int_equal(count, 0);
    veto_model_free(m);
}

static void explain_sweep_design_misuse(void **state)
{
    (void)state;
    veto_model_t *m = model();
    veto_error_t err;
    veto_options_t o;
    veto_error_clear(&err);

    veto_explanation_t *e = (veto_explanation_t *)1;
    assert_misuse(veto_explain(NULL, m, 0, NULL, NULL, &err), &err,
                  "veto_explain", "out is NULL");
    assert_misuse(veto_explain(&e, NULL, 0, NULL, NULL, &err), &err,
                  "veto_explain", "m is NULL");
    assert_null(e);
    /* range: player 3 of 3, an unknown scenario (listed in the hint) */
    assert_int_equal(veto_explain(&e, m, 3, NULL, NULL, &err), VETO_EMISUSE);
    assert_int_equal(veto_explain(&e, m, SIZE_MAX, NULL, NULL, &err),
                     VETO_EMISUSE);
    assert_int_equal(veto_explain(&e, m, 0, "stormy", NULL, &err),
                     VETO_EMISUSE);
    assert_int_equal(err.hint_code, VETO_HINT_SCENARIOS);
    assert_string_equal(err.hint_arg[0], "calm");
    veto_options_init(&o);
    o.method = (veto_method)77;
    assert_misuse(veto_explain(&e, m, 0, NULL, &o, &err), &err, "veto_explain",
                  "method");

    veto_sweep_t *sw = (veto_sweep_t *)1;
    veto_sweep_spec_t sp;
    veto_sweep_spec_init(&sp);
    mpq_set_ui(sp.to, 1, 1);
    assert_misuse(veto_sweep(NULL, m, &sp, NULL, &err), &err, "veto_sweep",
                  "out is NULL");
    assert_misuse(veto_sweep(&sw, NULL, &sp, NULL, &err), &err, "veto_sweep",
                  "model is NULL");
    assert_null(sw);
    assert_misuse(veto_sweep(&sw, m, NULL, NULL, &err), &err, "veto_sweep",
                  "spec is NULL");
    sp.kind = (veto_sweep_kind)5;
    assert_misuse(veto_sweep(&sw, m, &sp, NULL, &err), &err, "veto_sweep",
                  "kind");
    sp.kind = VETO_SWEEP_BELIEF;
    sp.player = 3; /* out of range */
    assert_int_equal(veto_sweep(&sw, m, &sp, NULL, &err), VETO_EMISUSE);
    sp.player = 0;
    sp.kind = VETO_SWEEP_QUOTA;
    sp.threshold = 9; /* no threshold 9 */
    assert_int_equal(veto_sweep(&sw, m, &sp, NULL, &err), VETO_EMISUSE);
    sp.kind = VETO_SWEEP_BELIEF;
    o.method = VETO_METHOD_AUTO;
    o.timeout = -3;
    assert_misuse(veto_sweep(&sw, m, &sp, &o, &err), &err, "veto_sweep",
                  "timeout");
    veto_sweep_spec_clear(&sp);

    veto_design_t *d = (veto_design_t *)1;
    assert_misuse(veto_design_remove_veto(NULL, m, 0, 3, NULL, &err), &err,
                  "veto_design_remove_veto", "out is NULL");
    assert_misuse(veto_design_remove_veto(&d, NULL, 0, 3, NULL, &err), &err,
                  "veto_design_remove_veto", "m is NULL");
    assert_null(d);
    assert_int_equal(veto_design_remove_veto(&d, m, 3, 3, NULL, &err),
                     VETO_EMISUSE);
    veto_options_init(&o);
    o.indices = ~0u;
    assert_misuse(veto_design_remove_veto(&d, m, 0, 3, &o, &err), &err,
                  "veto_design_remove_veto", "indices");
    veto_model_free(m);
}

static void player_index(void **state)
{
    (void)state;
    veto_model_t *m = model();
    veto_error_t err;
    size_t i = 99;
    veto_error_clear(&err);
    assert_int_equal(veto_model_player_index(&i, m, "C", &err), VETO_OK);
    assert_int_equal(i, 2);
    assert_int_equal(veto_model_player_index(&i, m, "A", NULL), VETO_OK);
    assert_int_equal(i, 0);
    /* case matters */
    assert_int_equal(veto_model_player_index(&i, m, "c", &err), VETO_EINVAL);
    assert_string_equal(err.message, "no player 'c'");
    assert_int_equal(err.hint_code, VETO_HINT_KEYWORD);
    assert_string_equal(err.hint_arg[1], "C");
    assert_string_equal(err.hint, "did you mean 'C'?");
    assert_int_equal(veto_model_player_index(&i, m, "Zanzibar", &err),
                     VETO_EINVAL);
    assert_int_equal(err.hint_code, VETO_HINT_NONE);
    assert_string_equal(err.hint, "");
    assert_misuse(veto_model_player_index(NULL, m, "A", &err), &err,
                  "veto_model_player_index", "index is NULL");
    assert_misuse(veto_model_player_index(&i, NULL, "A", &err), &err,
                  "veto_model_player_index", "m is NULL");
    assert_misuse(veto_model_player_index(&i, m, NULL, &err), &err,
                  "veto_model_player_index", "name is NULL");
    veto_model_free(m);
}

/* A parse error carries its advice as data, and veto_hint_text words it
 * without command-line options. */
static void hints_as_data(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        veto_hint_code code;
        const char *arg0, *arg1;
        const char *words;
    } cases[] = {
        {"players { A B }\npass when not A\n", VETO_HINT_NO_NEGATION, "", "",
         "rules are monotone (a winning coalition still wins when players "
         "join), so there is no 'not'; write the rule with 'and', 'or', 'K "
         "of (...)' and thresholds"},
        {"players { A B }\npass when count <= 1\n", VETO_HINT_COMPARISON,
         "<=", "",
         "a threshold is 'count >= K' or 'count > K' (or over an attribute: "
         "'weight >= K'); '<=' cannot be written: rules are monotone, adding "
         "players never turns a yes into a no"},
        {"players { A B }\npass when A && B\n", VETO_HINT_OPERATOR, "&&", "and",
         "write 'and' instead of '&&'"},
        {"players { A B }\npass when A AND B\n", VETO_HINT_OPERATOR, "AND",
         "and", "write 'and' instead of 'AND'"},
        {"players { A, B }\npass when A\n", VETO_HINT_NAME_LIST, "", "",
         "player names are separated by spaces, not commas: players { A B C }"},
        {"plyers { A B }\npass when A\n", VETO_HINT_KEYWORD, "plyers",
         "players", "did you mean 'players'?"},
        {"players { A B }\npass when A\n", VETO_HINT_RAISE_LIMIT, "max_players",
         "", "raise the limit max_players"},
        /* a group of anonymous players is checked before it is made */
        {"players { 3 reps }\npass when count >= 1\n", VETO_HINT_RAISE_LIMIT,
         "max_players", "", "raise the limit max_players"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        veto_model_t *m = NULL;
        veto_error_t err;
        veto_limits_t lim;
        veto_limits_init(&lim);
        lim.max_players = 1;
        veto_error_clear(&err);
        veto_status st = veto_model_read(
            &m, "m.veto", cases[k].text, strlen(cases[k].text),
            VETO_FORMAT_VETO,
            cases[k].code == VETO_HINT_RAISE_LIMIT ? &lim : NULL, &err);
        assert_int_not_equal(st, VETO_OK);
        assert_null(m);
        assert_int_equal(err.hint_code, cases[k].code);
        assert_string_equal(err.hint_arg[0], cases[k].arg0);
        assert_string_equal(err.hint_arg[1], cases[k].arg1);
        assert_string_equal(err.hint, cases[k].words);
        char buf[512];
        size_t len = veto_hint_text(buf, sizeof buf, &err);
        assert_int_equal(len, strlen(cases[k].words));
        assert_string_equal(buf, cases[k].words);
        assert_null(strstr(buf, "--"));
        /* snprintf-like: truncates, still measures */
        char small[8];
        assert_int_equal(veto_hint_text(small, sizeof small, &err), len);
        assert_int_equal(strlen(small), 7);
        assert_int_equal(veto_hint_text(NULL, 0, &err), len);
    }
    char buf[16] = "junk";
    assert_int_equal(veto_hint_text(buf, sizeof buf, NULL), 0);
    assert_string_equal(buf, "");
}

/* An include outside the model's directory is refused with its advice as
 * data, worded without the command's option. */
static void include_outside_hint(void **state)
{
    (void)state;
    char dir[] = "/tmp/veto-api-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], list[64], model[80];
    snprintf(sub, sizeof sub, "%s/m", dir);
    snprintf(list, sizeof list, "%s/list.veto", dir);
    snprintf(model, sizeof model, "%s/m/model.veto", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    FILE *f = fopen(list, "w");
    assert_non_null(f);
    fputs("players { A B }\n", f);
    fclose(f);
    f = fopen(model, "w");
    assert_non_null(f);
    fputs("include \"../list.veto\"\npass when A\n", f);
    fclose(f);
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read_file(&m, model, VETO_FORMAT_VETO, NULL,
                                          &err),
                     VETO_EINVAL);
    assert_null(m);
    assert_int_equal(err.hint_code, VETO_HINT_INCLUDE_OUTSIDE);
    char buf[256];
    veto_hint_text(buf, sizeof buf, &err);
    assert_string_equal(buf, "allow includes outside the model's directory "
                             "(allow_include_outside), or move the file "
                             "beside the model");
    assert_null(strstr(buf, "--"));
    remove(model);
    remove(list);
    rmdir(sub);
    rmdir(dir);
}

/* The engines' advice is data too, worded without options. */
static void engine_hints(void **state)
{
    (void)state;
    veto_model_t *m = NULL;
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_options_t o;
    const char *text =
        "players { A B C D }\npass when (A and B) or (C and D)\n";
    veto_error_clear(&err);
    assert_int_equal(veto_model_read(&m, "m", text, strlen(text),
                                     VETO_FORMAT_AUTO, NULL, &err),
                     VETO_OK);
    veto_options_init(&o);
    o.method = VETO_METHOD_BDD;
    o.max_memory = 1024;
    assert_int_equal(veto_analyse(&r, m, &o, &err), VETO_ELIMIT);
    assert_int_equal(err.hint_code, VETO_HINT_MEMORY);
    assert_string_equal(err.hint_arg[0], "bdd");
    assert_string_equal(err.hint_arg[1], "mc");
    assert_string_equal(err.hint, "raise the memory budget (max_memory), or "
                                  "use the method mc instead of bdd");
    veto_options_init(&o);
    o.method = VETO_METHOD_MC;
    o.epsilon = 1e-12;
    assert_int_equal(veto_analyse(&r, m, &o, &err), VETO_ELIMIT);
    assert_int_equal(err.hint_code, VETO_HINT_MC_PRECISION);
    assert_string_equal(
        err.hint, "raise the half-width (epsilon) or lower the confidence");
    veto_options_init(&o);
    o.method = VETO_METHOD_DP;
    assert_int_equal(veto_analyse(&r, m, &o, &err), VETO_EUNSUPPORTED);
    assert_int_equal(err.hint_code, VETO_HINT_OTHER_METHOD);
    assert_string_equal(err.hint, "use the method bdd or auto instead of dp");
    assert_null(strstr(err.hint, "--"));
    veto_model_free(m);
}

/* bz under Monte Carlo: the index and its stand-in, as data. */
static void index_method_hint(void **state)
{
    (void)state;
    veto_model_t *m = model();
    veto_result_t *r = NULL;
    veto_error_t err;
    veto_options_t o;
    veto_options_init(&o);
    o.method = VETO_METHOD_MC;
    o.indices = (1u << VETO_IDX_BANZHAF_RAW) | (1u << VETO_IDX_BANZHAF);
    veto_error_clear(&err);
    assert_int_equal(veto_analyse(&r, m, &o, &err), VETO_EUNSUPPORTED);
    assert_int_equal(err.hint_code, VETO_HINT_INDEX_METHOD);
    assert_string_equal(err.hint_arg[0], "banzhaf_raw");
    assert_string_equal(err.hint_arg[1], "mc");
    assert_string_equal(err.hint_arg[2], "banzhaf_absolute");
    assert_string_equal(err.hint,
                        "method mc cannot compute banzhaf_raw; ask for "
                        "banzhaf_absolute, which it computes, or use an exact "
                        "method (dp, bdd, enum)");
    veto_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_misuse),
        cmocka_unit_test(accessors_take_null),
        cmocka_unit_test(analyse_misuse),
        cmocka_unit_test(describe_words_thresholds_misuse),
        cmocka_unit_test(explain_sweep_design_misuse),
        cmocka_unit_test(player_index),
        cmocka_unit_test(hints_as_data),
        cmocka_unit_test(include_outside_hint),
        cmocka_unit_test(index_method_hint),
        cmocka_unit_test(engine_hints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
