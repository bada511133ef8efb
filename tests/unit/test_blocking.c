/*
 * test_blocking.c: who must join a player to block (veto explain, issue
 * 12), checked against counts worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "veto.h"

static veto_model_t *read_model(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_model_read(&m, "test.veto", text, strlen(text), VETO_FORMAT_AUTO,
                        NULL, &err) != VETO_OK) {
        fail_msg("model did not parse: %s", err.message);
    }
    return m;
}

static veto_explanation_t *explain(const veto_model_t *m, size_t player)
{
    veto_explanation_t *e = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_explain(&e, m, player, NULL, NULL, &err) != VETO_OK) {
        fail_msg("veto_explain: %s", err.message);
    }
    return e;
}

/* "At least 8 of 11": the others pass unless 4 vote no, so every player
 * needs 3 of the 10 others: size 4, C(10,3) = 120 coalitions. With one
 * player forced to vote no, 3 of the 10 free players block: size 3 with
 * the player, C(9,2) = 36. With four forced no, the body cannot act. */
static void test_eight_of_eleven(void **state)
{
    (void)state;
    veto_model_t *m = read_model(
        "players { P1 P2 P3 P4 P5 P6 P7 P8 P9 P10 P11 }\n"
        "pass when count >= 8\n"
        "scenario \"P2 against\" { P2 = 0 }\n"
        "scenario \"four against\" { P2 = 0 P3 = 0 P4 = 0 P5 = 0 }\n"
        "scenario \"P1 for\" { P1 = 1 }\n");
    for (size_t p = 0; p < 11; p += 5) {
        veto_explanation_t *e = explain(m, p);
        assert_int_equal(e->nblocking, 4);
        assert_null(e->blocking[0].scenario);
        assert_int_equal(e->blocking[0].status, VETO_BLOCK_OK);
        assert_int_equal(e->blocking[0].size, 4);
        assert_int_equal(mpz_cmp_ui(e->blocking[0].count, 120), 0);
        assert_int_equal(e->blocking[0].example.size, 4);
        if (p != 1) {
            assert_int_equal(e->blocking[1].status, VETO_BLOCK_OK);
            assert_int_equal(e->blocking[1].size, 3);
            assert_int_equal(mpz_cmp_ui(e->blocking[1].count, 36), 0);
        }
        assert_int_equal(e->blocking[2].status, VETO_BLOCK_CANNOT_ACT);
        if (p == 0) {
            assert_int_equal(e->blocking[3].status, VETO_BLOCK_FIXED);
        }
        veto_explanation_free(e);
    }
    veto_model_free(m);
}

/* The Security Council: a permanent member blocks alone; an elected member
 * needs six other elected members (7 of the 10 must say no so that fewer
 * than 9 say yes): size 7, C(9,6) = 84. {E1, China} blocks, but China
 * alone does, so it is not minimal and does not count. */
static void test_security_council(void **state)
{
    (void)state;
    veto_model_t *m = read_model(
        "players {\n"
        "  China France Russia UK USA [permanent]\n"
        "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n"
        "}\n"
        "pass when all(permanent) and count >= 9\n");
    veto_explanation_t *e = explain(m, 0);
    assert_int_equal(e->blocking[0].status, VETO_BLOCK_OK);
    assert_int_equal(e->blocking[0].size, 1);
    assert_int_equal(mpz_cmp_ui(e->blocking[0].count, 1), 0);
    veto_explanation_free(e);
    e = explain(m, 5);
    assert_int_equal(e->blocking[0].size, 7);
    assert_int_equal(mpz_cmp_ui(e->blocking[0].count, 84), 0);
    for (size_t k = 0; k < e->blocking[0].example.size; k++) {
        assert_true(e->blocking[0].example.member[k] >= 5);
    }
    veto_explanation_free(e);
    veto_model_free(m);
}

/* A dummy is in no minimal blocking coalition. */
static void test_dummy(void **state)
{
    (void)state;
    veto_model_t *m = read_model("players { A B C }\npass when A and B\n");
    veto_explanation_t *e = explain(m, 2);
    assert_int_equal(e->blocking[0].status, VETO_BLOCK_NONE);
    veto_explanation_free(e);
    e = explain(m, 0);
    assert_int_equal(e->blocking[0].size, 1);
    veto_explanation_free(e);
    veto_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eight_of_eleven),
        cmocka_unit_test(test_security_council),
        cmocka_unit_test(test_dummy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
