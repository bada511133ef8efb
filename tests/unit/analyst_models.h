/*
 * analyst_models.h: models and helpers shared by test_explain.c,
 * test_sweep.c and test_design.c (inline, so that the tests do not depend
 * on examples/ being written).
 */
#ifndef ANALYST_MODELS_H
#define ANALYST_MODELS_H

#include <string.h>

#include "veto.h"

static const char draft_text[] =
    "title \"Draft treaty of 15 April 2022 (Russia's text)\"\n"
    "players {\n"
    "  UK China Russia USA France [guarantors]\n"
    "}\n"
    "pass when all(guarantors)\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";

static const char istanbul_text[] =
    "title \"Istanbul communique, 29 March 2022\"\n"
    "players {\n"
    "  UK China Russia USA France Turkey Germany Canada Italy Poland Israel "
    "[guarantors]\n"
    "}\n"
    "pass when any(guarantors)\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";

static const char unsc_text[] =
    "title \"UN Security Council\"\n"
    "players {\n"
    "  China France Russia UK USA [permanent]\n"
    "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n"
    "}\n"
    "pass when all(permanent) and count >= 9\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";

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

static void assert_q(const mpq_t q, const char *want)
{
    char *got = mpq_get_str(NULL, 10, q);
    int same = strcmp(got, want) == 0;
    if (!same) {
        print_error("got %s, expected %s\n", got, want);
    }
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(got, strlen(got) + 1);
    assert_true(same);
}

static void assert_z(const mpz_t z, const char *want)
{
    char *got = mpz_get_str(NULL, 10, z);
    int same = strcmp(got, want) == 0;
    if (!same) {
        print_error("got %s, expected %s\n", got, want);
    }
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(got, strlen(got) + 1);
    assert_true(same);
}

static veto_options_t exact_opts(void)
{
    veto_options_t o;
    veto_options_init(&o);
    o.exact = true;
    return o;
}

#endif /* ANALYST_MODELS_H */
