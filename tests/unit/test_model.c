/*
 * test_model.c: the model reader. The DESIGN examples read exactly (players,
 * groups, rule tree, beliefs, scenarios); JSON and bare forms give the same
 * models; every diagnostic asserts its code, line, column and message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static veto_model_t *read_fmt(const char *text, size_t len, veto_format fmt,
                              const veto_limits_t *lim)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_read(&m, "test.veto", text, len, fmt, lim, &err);
    if (s != VETO_OK) {
        fail_msg("model did not parse: %u:%u: %s", err.line, err.col,
                 err.message);
    }
    assert_non_null(m);
    return m;
}

static veto_model_t *read_ok(const char *text)
{
    return read_fmt(text, strlen(text), VETO_FORMAT_AUTO, NULL);
}

static void assert_q(const mpq_t q, const char *expect)
{
    char *s = mpq_get_str(NULL, 10, q);
    if (strcmp(s, expect) != 0) {
        fail_msg("expected %s, got %s", expect, s);
    }
    free(s);
}

static void assert_group(const veto_model_t *m, const char *name,
                         const size_t *members, size_t n)
{
    long g = veto_i_model_find_group(m, name);
    assert_true(g >= 0);
    assert_int_equal(m->group_size[g], n);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(m->group_members[g][k], members[k]);
    }
}

static void assert_term(const veto_i_expr_t *e, const veto_model_t *m,
                        const char *attr, const char *group, bool strict,
                        bool relative, const char *rhs)
{
    assert_int_equal(e->kind, VETO_I_E_TERM);
    if (attr == NULL) {
        assert_int_equal(e->attr, -1);
    } else {
        assert_int_equal(e->attr, veto_i_model_find_attr(m, attr));
    }
    if (group == NULL) {
        assert_int_equal(e->group, -1);
    } else {
        assert_int_equal(e->group, veto_i_model_find_group(m, group));
    }
    assert_int_equal(e->strict, strict);
    assert_int_equal(e->relative, relative);
    assert_q(e->rhs, rhs);
}

/* Structural equality of two models (recursion is fine on test trees). */
static bool expr_equal(const veto_i_expr_t *a, const veto_i_expr_t *b)
{
    if (a->kind != b->kind || a->attr != b->attr || a->group != b->group ||
        a->strict != b->strict || a->relative != b->relative ||
        mpq_cmp(a->rhs, b->rhs) != 0 || a->k != b->k ||
        a->nchild != b->nchild) {
        return false;
    }
    if (a->kind == VETO_I_E_PLAYER && a->player != b->player) {
        return false;
    }
    for (size_t i = 0; i < a->nchild; i++) {
        if (!expr_equal(a->child[i], b->child[i])) {
            return false;
        }
    }
    return true;
}

static void assert_models_equal(const veto_model_t *a, const veto_model_t *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->names[i], b->names[i]);
        assert_int_equal(mpq_cmp(a->belief[i], b->belief[i]), 0);
    }
    assert_int_equal(a->ngroups, b->ngroups);
    for (size_t g = 0; g < a->ngroups; g++) {
        assert_string_equal(a->group_names[g], b->group_names[g]);
        assert_int_equal(a->group_size[g], b->group_size[g]);
        assert_memory_equal(a->group_members[g], b->group_members[g],
                            a->group_size[g] * sizeof(size_t));
    }
    assert_int_equal(a->nattrs, b->nattrs);
    for (size_t k = 0; k < a->n * a->nattrs; k++) {
        assert_int_equal(a->attr_set[k], b->attr_set[k]);
        assert_int_equal(mpq_cmp(a->attr[k], b->attr[k]), 0);
    }
    assert_true(expr_equal(a->rule, b->rule));
    assert_int_equal(a->nscen, b->nscen);
    for (size_t s = 0; s < a->nscen; s++) {
        assert_string_equal(a->scen[s].name, b->scen[s].name);
        for (size_t i = 0; i < a->n; i++) {
            assert_int_equal(
                mpq_cmp(a->scen[s].belief[i], b->scen[s].belief[i]), 0);
        }
    }
}

/* An error case: text, code, line, col, message, hint ("" = none). */
typedef struct ecase {
    const char *text;
    veto_status code;
    unsigned line, col;
    const char *message;
    const char *hint;
} ecase_t;

static void check_error_fmt(const ecase_t *c, size_t len, veto_format fmt,
                            const veto_limits_t *lim)
{
    veto_model_t *m = (veto_model_t *)1;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s =
        veto_model_read(&m, "test.veto", c->text, len, fmt, lim, &err);
    if (s != c->code || err.line != c->line || err.col != c->col ||
        strcmp(err.message, c->message) != 0 ||
        strcmp(err.hint, c->hint != NULL ? c->hint : "") != 0) {
        fail_msg("input:\n%s\nexpected %d %u:%u: %s [%s]\n     got %d %u:%u: "
                 "%s [%s]",
                 c->text, c->code, c->line, c->col, c->message,
                 c->hint != NULL ? c->hint : "", s, err.line, err.col,
                 err.message, err.hint);
    }
    assert_null(m);
    assert_string_equal(err.file, "test.veto");
}

static void check_error(const ecase_t *c)
{
    check_error_fmt(c, strlen(c->text), VETO_FORMAT_AUTO, NULL);
}

static void check_context(const char *text, const char *context)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_not_equal(veto_model_read(&m, "test.veto", text, strlen(text),
                                         VETO_FORMAT_AUTO, NULL, &err),
                         VETO_OK);
    assert_string_equal(err.context, context);
}

/* ---------------------------------------------------------------------- */
/* The DESIGN examples                                                     */

static const char *const UNSC =
    "# Comments start with '#'.\n"
    "title  \"UN Security Council, Charter Art. 27(3)\"\n"
    "source \"UN Charter, Article 27\"\n"
    "\n"
    "players {\n"
    "  China France Russia UK USA            [permanent]\n"
    "  E1 E2 E3 E4 E5 E6 E7 E8 E9 E10        [elected]\n"
    "}\n"
    "\n"
    "pass when all(permanent) and count >= 9\n"
    "\n"
    "belief 0.5                                   # default yes-probability\n"
    "scenario \"Russia is the attacker\" { Russia = 0 }\n";

static void test_unsc(void **state)
{
    (void)state;
    veto_model_t *m = read_ok(UNSC);
    static const char *const names[] = {
        "China", "France", "Russia", "UK", "USA", "E1", "E2", "E3",
        "E4",    "E5",     "E6",     "E7", "E8",  "E9", "E10"};
    assert_int_equal(veto_model_nplayers(m), 15);
    for (size_t i = 0; i < 15; i++) {
        assert_string_equal(veto_model_player(m, i), names[i]);
        assert_int_equal(m->name_line[i], i < 5 ? 6 : 7);
    }
    assert_null(veto_model_player(m, 15));
    assert_string_equal(veto_model_title(m),
                        "UN Security Council, Charter Art. 27(3)");
    assert_string_equal(veto_model_filename(m), "test.veto");
    assert_int_equal(veto_model_nsources(m), 1);
    assert_string_equal(veto_model_source(m, 0), "UN Charter, Article 27");
    assert_int_equal(veto_model_nnotes(m), 0);
    assert_int_equal(veto_model_nwarnings(m), 0);

    assert_int_equal(m->ngroups, 2);
    static const size_t perm[] = {0, 1, 2, 3, 4};
    static const size_t elected[] = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    assert_group(m, "permanent", perm, 5);
    assert_group(m, "elected", elected, 10);
    assert_int_equal(m->nattrs, 0);

    const veto_i_expr_t *r = m->rule;
    assert_int_equal(m->rule_line, 10);
    assert_int_equal(m->rule_col, 11);
    assert_int_equal(r->kind, VETO_I_E_AND);
    assert_int_equal(r->nchild, 2);
    assert_int_equal(r->child[0]->kind, VETO_I_E_ALL);
    assert_int_equal(r->child[0]->group,
                     veto_i_model_find_group(m, "permanent"));
    assert_int_equal(r->child[0]->line, 10);
    assert_int_equal(r->child[0]->col, 11);
    assert_term(r->child[1], m, NULL, NULL, false, false, "9");
    assert_int_equal(r->child[1]->col, 30);

    for (size_t i = 0; i < 15; i++) {
        assert_q(m->belief[i], "1/2");
    }
    assert_int_equal(veto_model_nscenarios(m), 1);
    assert_string_equal(veto_model_scenario(m, 0), "Russia is the attacker");
    assert_int_equal(m->scen[0].line, 13);
    assert_int_equal(m->scen[0].col, 10);
    for (size_t i = 0; i < 15; i++) {
        assert_q(m->scen[0].belief[i], i == 2 ? "0" : "1/2");
    }
    assert_int_equal(veto_i_model_find_player(m, "E10"), 14);
    assert_int_equal(veto_i_model_find_player(m, "e10"), -1);
    veto_model_free(m);
}

static const char *const EU =
    "players {\n"
    "  Germany  population=83445000\n"
    "  France   population=68173000\n"
    "  Italy Spain population=47.5   [big, south]\n"
    "  Malta population=0.5 [south]\n"
    "}\n"
    "pass when count >= 55% and population >= 65%\n"
    "       or count >= 24        # a blocking minority needs four states\n";

static void test_eu(void **state)
{
    (void)state;
    veto_model_t *m = read_ok(EU);
    assert_int_equal(m->n, 5);
    assert_int_equal(m->nattrs, 1);
    long pop = veto_i_model_find_attr(m, "population");
    assert_int_equal(pop, 0);
    static const char *const vals[] = {"83445000", "68173000", "95/2", "95/2",
                                       "1/2"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(m->attr_set[i]);
        assert_q(*veto_i_model_attr(m, i, 0), vals[i]);
    }
    static const size_t big[] = {2, 3};
    static const size_t south[] = {2, 3, 4};
    assert_group(m, "big", big, 2);
    assert_group(m, "south", south, 3);

    const veto_i_expr_t *r = m->rule;
    assert_int_equal(r->kind, VETO_I_E_OR);
    assert_int_equal(r->nchild, 2);
    const veto_i_expr_t *a = r->child[0];
    assert_int_equal(a->kind, VETO_I_E_AND);
    assert_int_equal(a->nchild, 2);
    assert_term(a->child[0], m, NULL, NULL, false, true, "11/20");
    assert_term(a->child[1], m, "population", NULL, false, true, "13/20");
    assert_term(r->child[1], m, NULL, NULL, false, false, "24");
    assert_int_equal(r->child[1]->line, 8);
    assert_int_equal(r->child[1]->col, 11);
    veto_model_free(m);
}

static void test_expression_forms(void **state)
{
    (void)state;
    veto_model_t *m;
    m = read_ok("players {\n A B w=2 [h]\n C w=1/3\n}\n"
                "pass when 2 of (A, B and C, any(h)) or (w(h) > 1/2 or A)"
                " and count(h) > 1.5 and w >= 0\n");
    const veto_i_expr_t *r = m->rule;
    assert_int_equal(r->kind, VETO_I_E_OR);
    assert_int_equal(r->nchild, 2);
    const veto_i_expr_t *k = r->child[0];
    assert_int_equal(k->kind, VETO_I_E_KOF);
    assert_int_equal(k->k, 2);
    assert_int_equal(k->nchild, 3);
    assert_int_equal(k->child[0]->kind, VETO_I_E_PLAYER);
    assert_int_equal(k->child[0]->player, 0);
    assert_int_equal(k->child[1]->kind, VETO_I_E_AND);
    assert_int_equal(k->child[1]->child[1]->player, 2);
    assert_int_equal(k->child[2]->kind, VETO_I_E_ANY);
    const veto_i_expr_t *a = r->child[1];
    assert_int_equal(a->kind, VETO_I_E_AND);
    assert_int_equal(a->nchild, 3);
    assert_int_equal(a->child[0]->kind, VETO_I_E_OR);
    assert_term(a->child[0]->child[0], m, "w", "h", true, true, "1/2");
    assert_term(a->child[1], m, NULL, "h", true, false, "3/2");
    assert_term(a->child[2], m, "w", NULL, false, false, "0");
    assert_q(*veto_i_model_attr(m, 2, 0), "1/3");
    veto_model_free(m);
}

static void test_beliefs(void **state)
{
    (void)state;
    veto_model_t *m = read_ok("scenario \"early\" { B = 1 }\n"
                              "players { A B C [g]\n D }\n"
                              "belief { A = 0 g = 2/3 }\n"
                              "belief 0.3\n"
                              "belief {\n C = 25%\n}\n"
                              "pass when A\n"
                              "scenario \"late\" { g = 1  A = .5 }\n");
    assert_q(m->belief[0], "3/10");
    assert_q(m->belief[1], "3/10");
    assert_q(m->belief[2], "1/4");
    assert_q(m->belief[3], "3/10");
    assert_int_equal(m->nscen, 2);
    assert_string_equal(m->scen[0].name, "early");
    assert_q(m->scen[0].belief[0], "3/10");
    assert_q(m->scen[0].belief[1], "1");
    assert_q(m->scen[0].belief[2], "1/4");
    assert_string_equal(m->scen[1].name, "late");
    assert_q(m->scen[1].belief[0], "1/2");
    assert_q(m->scen[1].belief[1], "1");
    assert_q(m->scen[1].belief[2], "1");
    assert_q(m->scen[1].belief[3], "3/10");
    veto_model_free(m);
}

static void test_crlf_comments_warnings(void **state)
{
    (void)state;
    veto_model_t *m = read_ok("# c\r\nplayers {\r\n  Abc x # y\r\n"
                              "  ABC\r\n}\r\npass when Abc\r\n");
    assert_int_equal(m->n, 3);
    assert_int_equal(veto_model_nwarnings(m), 1);
    assert_string_equal(veto_model_warning(m, 0),
                        "test.veto:4:3: players 'Abc' and 'ABC' differ only "
                        "in case");
    assert_null(veto_model_warning(m, 1));
    veto_model_free(m);

    ecase_t c = {"players {\r\n A\r\n}\r\npass when B\r\n",
                 VETO_EINVAL,
                 4,
                 11,
                 "unknown player 'B'",
                 NULL};
    check_error(&c);
    check_context(c.text, "pass when B");
}

static void test_bare(void **state)
{
    (void)state;
    veto_model_t *m = read_ok("# a bare game\n62.5%  3 2 Al:1 \n 1.5 x:7\n");
    static const char *const names[] = {"P1", "P2", "Al", "P4", "x"};
    static const char *const w[] = {"3", "2", "1", "3/2", "7"};
    assert_int_equal(m->n, 5);
    assert_int_equal(m->nattrs, 1);
    assert_string_equal(m->attr_names[0], "weight");
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(m->names[i], names[i]);
        assert_q(*veto_i_model_attr(m, i, 0), w[i]);
        assert_q(m->belief[i], "1/2");
    }
    assert_term(m->rule, m, "weight", NULL, false, true, "5/8");
    assert_int_equal(m->rule_line, 2);
    assert_int_equal(m->rule_col, 1);
    veto_model_free(m);

    m = read_ok("39 7 7 7 7 7 1 1 1 1 1 1 1 1 1 1");
    assert_int_equal(m->n, 15);
    assert_term(m->rule, m, "weight", NULL, false, false, "39");
    veto_model_free(m);

    m = read_ok("2/3 1 1 1");
    assert_term(m->rule, m, "weight", NULL, false, true, "2/3");
    veto_model_free(m);
}

static const char *const UNSC_JSON =
    "{\"title\": \"UN Security Council, Charter Art. 27(3)\",\n"
    " \"source\": \"UN Charter, Article 27\",\n"
    " \"players\": [\n"
    "  {\"name\": \"China\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"France\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"Russia\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"UK\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"USA\", \"groups\": [\"permanent\"]},\n"
    "  {\"name\": \"E1\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E2\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E3\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E4\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E5\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E6\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E7\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E8\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E9\", \"groups\": [\"elected\"]},\n"
    "  {\"name\": \"E10\", \"groups\": [\"elected\"]}],\n"
    " \"pass_when\": \"all(permanent) and count >= 9\",\n"
    " \"belief\": \"0.5\",\n"
    " \"scenarios\": [{\"name\": \"Russia is the attacker\",\n"
    "                \"belief\": {\"Russia\": 0}}]}\n";

static void test_json_equivalents(void **state)
{
    (void)state;
    veto_model_t *a = read_ok(UNSC);
    veto_model_t *b = read_ok(UNSC_JSON);
    assert_models_equal(a, b);
    assert_string_equal(b->title, a->title);
    assert_int_equal(b->nsources, 1);
    assert_int_equal(b->rule_line, 19);
    assert_int_equal(b->rule_col, 15);
    veto_model_free(a);
    veto_model_free(b);

    a = read_ok(EU);
    b = read_ok("{\"players\": [\n"
                " {\"name\": \"Germany\", \"attributes\": {\"population\": "
                "83445000}},\n"
                " {\"name\": \"France\", \"attributes\": {\"population\": "
                "\"68173000\"}},\n"
                " {\"name\": \"Italy\", \"groups\": [\"big\", \"south\"],"
                " \"attributes\": {\"population\": \"47.5\"}},\n"
                " {\"name\": \"Spain\", \"groups\": [\"big\", \"south\"],"
                " \"attributes\": {\"population\": \"95/2\"}},\n"
                " {\"name\": \"Malta\", \"groups\": [\"south\"],"
                " \"attributes\": {\"population\": \"0.5\"}}],\n"
                " \"pass_when\": \"count >= 55% and population >= 65%\\n"
                " or count >= 24\"}");
    assert_models_equal(a, b);
    veto_model_free(a);
    veto_model_free(b);

    a = read_ok("62.5% 3 2 Al:1 1.5");
    b = read_ok("{\"players\": [{\"name\": \"P1\", \"attributes\": "
                "{\"weight\": 3}}, {\"name\": \"P2\", \"attributes\": "
                "{\"weight\": 2}}, {\"name\": \"Al\", \"attributes\": "
                "{\"weight\": \"1\"}}, {\"name\": \"P4\", \"attributes\": "
                "{\"weight\": \"1.5\"}}], \"quota\": \"62.5%\"}");
    assert_models_equal(a, b);
    veto_model_free(a);
    veto_model_free(b);

    /* beliefs: default first, then names and groups in order */
    b = read_ok("{\"players\": [{\"name\": \"A\", \"groups\": [\"g\"]},"
                " {\"name\": \"B\"}, {\"name\": \"a\"}],"
                " \"note\": [\"n1\", \"n2\"],"
                " \"pass_when\": \"A or B\","
                " \"belief\": {\"g\": \"10%\", \"default\": \"2/3\"},"
                " \"scenarios\": [{\"name\": \"s\", \"belief\": {\"B\": 1}}]}");
    assert_q(b->belief[0], "1/10");
    assert_q(b->belief[1], "2/3");
    assert_q(b->scen[0].belief[1], "1");
    assert_int_equal(veto_model_nnotes(b), 2);
    assert_string_equal(veto_model_note(b, 1), "n2");
    assert_int_equal(veto_model_nwarnings(b), 1);
    assert_string_equal(veto_model_warning(b, 0),
                        "test.veto: players 'A' and 'a' differ only in case");
    veto_model_free(b);
}

/* ---------------------------------------------------------------------- */
/* Diagnostics                                                             */

static const ecase_t veto_errors[] = {
    /* syntax */
    {"players { A B }\npass when A and\n", VETO_EPARSE, 2, 16,
     "expected an expression, found end of file", NULL},
    {"players { A B }\npass when (A or B\n", VETO_EPARSE, 2, 18,
     "expected 'and', 'or' or ')', found end of file", NULL},
    {"players { A B }\npass when A B\n", VETO_EPARSE, 2, 13,
     "expected 'and', 'or' or a new statement, found 'B'", NULL},
    {"players { A B }\npass when 2 of (A; B)\n", VETO_EPARSE, 2, 18,
     "unexpected character ';'", NULL},
    {"players { A B }\npass when 2 of (A B)\n", VETO_EPARSE, 2, 19,
     "expected 'and', 'or', ',' or ')', found 'B'", NULL},
    {"players { A B }\npass when count = 2\n", VETO_EPARSE, 2, 17,
     "expected '>=' or '>', found '='",
     "a threshold is 'count >= K' or 'count > K' (or over an attribute: "
     "'weight >= K'); '=' cannot be written: rules are monotone, adding "
     "players never turns a yes into a no"},
    {"players { A B }\npass when count >= B\n", VETO_EPARSE, 2, 20,
     "expected a number, a percentage or a fraction, found 'B'", NULL},
    {"players { A B }\npass A\n", VETO_EPARSE, 2, 6,
     "expected 'when', found 'A'", NULL},
    {"players { A B }\npass when all(A\n", VETO_EPARSE, 2, 16,
     "expected ',' or ')', found end of file", NULL},
    {"players { A [g }\npass when A\n", VETO_EPARSE, 1, 16,
     "expected ',' or ']', found '}'", NULL},
    {"players { A x=y }\npass when A\n", VETO_EPARSE, 1, 15,
     "expected a number, found 'y'", NULL},
    {"players {\n A\n", VETO_EPARSE, 2, 3,
     "expected a player name or '}', found end of file", NULL},
    {"players {\n A\npass when A\n", VETO_EPARSE, 3, 1,
     "expected a player name or '}', found 'pass'", NULL},
    {"players { A } x\n", VETO_EPARSE, 1, 15,
     "expected 'players', 'pass when', 'belief', 'scenario', 'title', "
     "'source' or 'note', found 'x'",
     NULL},
    {"players {\n w=2\n}\npass when A\n", VETO_EPARSE, 2, 2,
     "expected a player name, found 'w'", NULL},
    {"players { A x=1 B }\npass when A\n", VETO_EPARSE, 1, 17,
     "expected an attribute, '[' or a newline, found 'B'", NULL},
    {"title \"abc\n\"\n", VETO_EPARSE, 1, 11,
     "expected '\"' to end the string, found newline", NULL},
    {"title \"abc", VETO_EPARSE, 1, 11,
     "expected '\"' to end the string, found end of file", NULL},
    {"title \"a\\qb\"\n", VETO_EPARSE, 1, 9,
     "unknown escape in string: expected \\\", \\\\, \\n or \\t", NULL},
    {"title abc\n", VETO_EPARSE, 1, 7,
     "expected a string in double quotes, found 'abc'", NULL},
    {"players { A }\npass when count >= 3x\n", VETO_EPARSE, 2, 20,
     "malformed number '3x'", NULL},
    {"players { A }\nbelief A\n", VETO_EPARSE, 2, 8,
     "expected a probability or '{', found 'A'", NULL},
    {"players { A }\nscenario s { }\n", VETO_EPARSE, 2, 10,
     "expected a scenario name in double quotes, found 's'", NULL},
    {"players { A }\nbelief { A 0 }\n", VETO_EPARSE, 2, 12,
     "expected '=', found '0'", NULL},
    /* unknown names */
    {"players { A B }\npass when C\n", VETO_EINVAL, 2, 11, "unknown player 'C'",
     NULL},
    {"players { A B }\npass when all(x) or A\n", VETO_EINVAL, 2, 15,
     "unknown group 'x' (no group or player has that name)", NULL},
    {"players { A B }\npass when pop >= 3\n", VETO_EINVAL, 2, 11,
     "unknown attribute 'pop'", NULL},
    {"players { A B }\npass when count(x) >= 1\n", VETO_EINVAL, 2, 17,
     "unknown group 'x' (no group or player has that name)", NULL},
    {"players { A }\npass when A\nbelief { Z = 0 }\n", VETO_EINVAL, 3, 10,
     "unknown player or group 'Z'", NULL},
    {"players { A }\npass when A\nscenario \"s\" {\n  Z = 0 }\n", VETO_EINVAL,
     4, 3, "unknown player or group 'Z'", NULL},
    /* attributes some players lack */
    {"players {\n A pop=3\n B\n}\npass when pop >= 3\n", VETO_EINVAL, 5, 11,
     "attribute 'pop' is missing for 1 player: B", NULL},
    {"players {\n A pop=3\n B C D E F G H\n}\npass when A or pop >= 50%\n",
     VETO_EINVAL, 5, 16,
     "attribute 'pop' is missing for 7 players: B, C, D, E, F and 2 more",
     NULL},
    {"players {\n A pop=3 [g]\n B\n C [g]\n}\npass when pop(g) >= 3\n",
     VETO_EINVAL, 6, 11, "attribute 'pop' is missing for 1 player: C", NULL},
    {"players {\n A w=1 [g]\n B\n}\npass when w(g) >= 1 or w >= 1 or w(g) > 0"
     " or w > 0\n",
     VETO_EINVAL, 5, 24, "attribute 'w' is missing for 1 player: B", NULL},
    /* duplicates */
    {"players {\n A\n B A\n}\npass when A\n", VETO_EINVAL, 3, 4,
     "duplicate player 'A' (first declared on line 2)", NULL},
    {"players { A } players { B }\npass when A\n", VETO_EINVAL, 1, 15,
     "players declared twice (first on line 1)", NULL},
    {"players { A }\npass when A\npass when A\n", VETO_EINVAL, 3, 1,
     "'pass when' given twice (first on line 2)", NULL},
    {"players { A }\npass when A\nscenario \"s\" {}\nscenario \"s\" {}\n",
     VETO_EINVAL, 4, 10, "duplicate scenario 's' (first on line 3)", NULL},
    {"title \"a\"\ntitle \"b\"\n", VETO_EINVAL, 2, 1, "title given twice",
     NULL},
    {"players { A x=1 x=2 }\npass when A\n", VETO_EINVAL, 1, 17,
     "attribute 'x' given twice", NULL},
    /* keywords */
    {"players {\n count\n}\npass when A\n", VETO_EPARSE, 2, 2,
     "'count' is a reserved word; write \"count\" in quotes to use it as a "
     "name",
     NULL},
    {"players { A [all] }\npass when A\n", VETO_EPARSE, 1, 14,
     "'all' is a reserved word; write \"all\" in quotes to use it as a name",
     NULL},
    {"players { A \"\" }\npass when A\n", VETO_EINVAL, 1, 13,
     "a player name cannot be empty", NULL},
    /* missing pieces */
    {"players { A }\n", VETO_EPARSE, 1, 14, "missing 'pass when' rule", NULL},
    {"pass when A\n", VETO_EPARSE, 1, 12, "missing 'players' block", NULL},
    {"", VETO_EPARSE, 1, 1, "missing 'players' block", NULL},
    {"players {\n}\npass when A\n", VETO_EINVAL, 1, 1, "empty players block",
     NULL},
    /* values */
    {"players { A x=-3 }\npass when A\n", VETO_EINVAL, 1, 15,
     "negative attribute value '-3'", NULL},
    {"players { A x=5% }\npass when A\n", VETO_EINVAL, 1, 15,
     "an attribute value cannot be a percentage: '5%'", NULL},
    {"players { A }\npass when count >= 120%\n", VETO_EINVAL, 2, 20,
     "percentage over 100%: '120%'", NULL},
    {"players { A }\npass when count >= 3/2\n", VETO_EINVAL, 2, 20,
     "percentage over 100%: '3/2'", NULL},
    {"players { A }\npass when count >= 1/0\n", VETO_EINVAL, 2, 20,
     "division by zero in '1/0'", NULL},
    {"players { A }\npass when count >= -1\n", VETO_EINVAL, 2, 20,
     "a threshold cannot be negative: '-1'", NULL},
    {"players { A }\nbelief 1.5\npass when A\n", VETO_EINVAL, 2, 8,
     "probability outside [0, 1]: '1.5'", NULL},
    {"players { A }\npass when A\nbelief { A = -0.1 }\n", VETO_EINVAL, 3, 14,
     "probability outside [0, 1]: '-0.1'", NULL},
    {"players { A }\npass when A\nscenario \"s\" { A = 101% }\n", VETO_EINVAL,
     3, 20, "probability outside [0, 1]: '101%'", NULL},
    {"players { A B }\npass when 3 of (A, B)\n", VETO_EINVAL, 2, 11,
     "K = 3 is larger than the 2 expressions in its list", NULL},
    {"players { A B }\npass when 99999999999999999999999 of (A, B)\n",
     VETO_EINVAL, 2, 11,
     "K = 99999999999999999999999 is larger than the 2 expressions in its "
     "list",
     NULL},
    {"players { A B }\npass when 0 of (A, B)\n", VETO_EINVAL, 2, 11,
     "K must be at least 1 in 'K of (...)', found '0'", NULL},
    {"players { A B }\npass when 1.5 of (A, B)\n", VETO_EPARSE, 2, 11,
     "expected an expression, found '1.5'", NULL},
    /* encoding */
    {"players { \"\xff\" }\n", VETO_EPARSE, 1, 12, "invalid UTF-8 in string",
     NULL},
    {"players { \"\xc3\xa9\xc0\xaf\" }\n", VETO_EPARSE, 1, 14,
     "invalid UTF-8 in string", NULL},
    {"players { \xc3\xa9 }\n", VETO_EPARSE, 1, 11,
     "unexpected character '\xc3\xa9'; quote names that are not plain "
     "identifiers",
     NULL},
    {"players { A }\n\xfe\n", VETO_EPARSE, 2, 1, "invalid UTF-8", NULL},
};

static void test_veto_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof veto_errors / sizeof veto_errors[0]; i++) {
        check_error(&veto_errors[i]);
    }
    check_context("players { A B }\n\tpass when C # x\n", "\tpass when C # x");
}

static void test_nul(void **state)
{
    (void)state;
    static const char text[] = "players { A }\npass \0when A\n";
    ecase_t c = {text, VETO_EPARSE, 2, 6, "NUL byte in input", NULL};
    check_error_fmt(&c, sizeof text - 1, VETO_FORMAT_AUTO, NULL);
    check_error_fmt(&c, sizeof text - 1, VETO_FORMAT_JSON, NULL);
}

static void test_limits(void **state)
{
    (void)state;
    veto_limits_t lim;
    veto_limits_init(&lim);
    assert_int_equal(lim.max_file_bytes, 64u << 20);
    assert_int_equal(lim.max_players, 10000000);
    assert_int_equal(lim.max_name_bytes, 1024);
    assert_int_equal(lim.max_depth, 1000);
    assert_int_equal(lim.max_number_digits, 10000);

    lim.max_players = 2;
    ecase_t c1 = {"players { A B\n C }\npass when A\n",
                  VETO_ELIMIT,
                  2,
                  2,
                  "more than 2 players (max_players)",
                  "raise the limit max_players"};
    check_error_fmt(&c1, strlen(c1.text), VETO_FORMAT_AUTO, &lim);
    ecase_t c1b = {"5 1 2 3",
                   VETO_ELIMIT,
                   1,
                   7,
                   "more than 2 players (max_players)",
                   "raise the limit max_players"};
    check_error_fmt(&c1b, strlen(c1b.text), VETO_FORMAT_AUTO, &lim);
    veto_limits_init(&lim);

    lim.max_name_bytes = 3;
    ecase_t c2 = {"players { A Abcd }\npass when A\n",
                  VETO_ELIMIT,
                  1,
                  13,
                  "name of 4 bytes, over the limit of 3 bytes "
                  "(max_name_bytes)",
                  "raise the limit max_name_bytes"};
    check_error_fmt(&c2, strlen(c2.text), VETO_FORMAT_AUTO, &lim);
    veto_limits_init(&lim);

    lim.max_number_digits = 4;
    ecase_t c3 = {"players { A }\npass when count >= 12.345\n",
                  VETO_ELIMIT,
                  2,
                  20,
                  "number with 5 digits, over the limit of 4 digits "
                  "(max_number_digits)",
                  "raise the limit max_number_digits"};
    check_error_fmt(&c3, strlen(c3.text), VETO_FORMAT_AUTO, &lim);
    veto_limits_init(&lim);

    lim.max_file_bytes = 10;
    ecase_t c4 = {"players { A }\npass when A\n",
                  VETO_ELIMIT,
                  0,
                  0,
                  "input is larger than the limit of 10 bytes "
                  "(max_file_bytes)",
                  "raise the limit max_file_bytes"};
    check_error_fmt(&c4, strlen(c4.text), VETO_FORMAT_AUTO, &lim);
    veto_limits_init(&lim);

    lim.max_depth = 3;
    ecase_t c5 = {"players { A }\npass when ((1 of ((A))))\n",
                  VETO_ELIMIT,
                  2,
                  19,
                  "expression nested deeper than 3 levels (max_depth)",
                  "raise the limit max_depth"};
    check_error_fmt(&c5, strlen(c5.text), VETO_FORMAT_AUTO, &lim);
    veto_model_t *m =
        read_fmt("players { A }\npass when ((1 of (A)))\n",
                 strlen("players { A }\npass when ((1 of (A)))\n"),
                 VETO_FORMAT_AUTO, &lim);
    assert_int_equal(m->rule->kind, VETO_I_E_KOF);
    veto_model_free(m);
}

/* Tables past 10^8 cells are refused before anything is allocated. */
static void test_table_limits(void **state)
{
    (void)state;
    size_t k = 10001;
    size_t cap = 64 + k * 16;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "players {\n");
    for (size_t i = 0; i < k; i++) {
        len += (size_t)sprintf(text + len, " P%zu", i);
    }
    len += (size_t)sprintf(text + len, "\n X");
    for (size_t i = 0; i < k; i++) {
        len += (size_t)sprintf(text + len, " a%zu=1", i);
    }
    len += (size_t)sprintf(text + len, "\n}\npass when X\n");
    ecase_t c = {text,
                 VETO_ELIMIT,
                 0,
                 0,
                 "10002 players with 10001 attributes need more than "
                 "100000000 values",
                 "use fewer attributes"};
    check_error(&c);

    len = (size_t)sprintf(text, "players {\n");
    for (size_t i = 0; i < k; i++) {
        len += (size_t)sprintf(text + len, " P%zu", i);
    }
    len += (size_t)sprintf(text + len, " [");
    for (size_t i = 0; i < k; i++) {
        len += (size_t)sprintf(text + len, "%sg%zu", i > 0 ? "," : "", i);
    }
    len += (size_t)sprintf(text + len, "]\n}\npass when P1\n");
    ecase_t g = {text,
                 VETO_ELIMIT,
                 0,
                 0,
                 "more than 100000000 group memberships",
                 "use fewer groups per line of players"};
    check_error(&g);
    free(text);
}

/* 100,000 nested parentheses: a clean ELIMIT, never a stack overflow; and
 * with the limit raised, a chain of 100,000 `1 of (...)` read and freed. */
static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 100000;
    size_t cap = 64 + depth * 8;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "players { A }\npass when ");
    for (size_t i = 0; i < depth; i++) {
        text[len++] = '(';
    }
    text[len++] = 'A';
    for (size_t i = 0; i < depth; i++) {
        text[len++] = ')';
    }
    text[len] = '\0';
    ecase_t c = {text,
                 VETO_ELIMIT,
                 2,
                 1011,
                 "expression nested deeper than 1000 levels (max_depth)",
                 "raise the limit max_depth"};
    check_error(&c);

    /* A max_depth above the ceiling is taken as the ceiling: 100,000 levels
     * are refused even when asked for, and the ceiling itself reads. */
    veto_limits_t lim;
    veto_limits_init(&lim);
    lim.max_depth = depth;
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(veto_model_read(&m, "t.veto", text, strlen(text),
                                     VETO_FORMAT_AUTO, &lim, &err),
                     VETO_ELIMIT);
    assert_null(m);
    size_t deep = VETO_MAX_DEPTH_CEILING - 10;
    len = (size_t)sprintf(text, "players { A }\npass when ");
    for (size_t i = 0; i < deep; i++) {
        memcpy(text + len, "1 of (", 6);
        len += 6;
    }
    text[len++] = 'A';
    for (size_t i = 0; i < deep; i++) {
        text[len++] = ')';
    }
    text[len] = '\0';
    m = read_fmt(text, len, VETO_FORMAT_AUTO, &lim);
    const veto_i_expr_t *e = m->rule;
    size_t d = 0;
    while (e->kind == VETO_I_E_KOF) {
        e = e->child[0];
        d++;
    }
    assert_int_equal(d, deep);
    veto_model_free(m);

    /* JSON nesting */
    len = (size_t)sprintf(text, "{\"a\": ");
    for (size_t i = 0; i < depth; i++) {
        text[len++] = '[';
    }
    text[len] = '\0';
    ecase_t j = {text,
                 VETO_ELIMIT,
                 1,
                 1006,
                 "JSON nested deeper than 1000 levels (max_depth)",
                 "raise the limit max_depth"};
    check_error(&j);
    free(text);
}

static const ecase_t bare_errors[] = {
    {"1 2 x", VETO_EPARSE, 1, 5,
     "expected a weight (a number, or Name:number), found 'x'", NULL},
    {"1 2 A:", VETO_EPARSE, 1, 7,
     "expected a weight (a number, or Name:number), found ''", NULL},
    {"1 2 3%", VETO_EPARSE, 1, 5,
     "expected a weight (a number, or Name:number), found '3%'", NULL},
    {"1 # only a quota\n", VETO_EPARSE, 1, 17,
     "expected a weight after the quota, found end of file", NULL},
    {"-1 2", VETO_EINVAL, 1, 1, "the quota cannot be negative: '-1'", NULL},
    {"150% 2", VETO_EINVAL, 1, 1, "percentage over 100%: '150%'", NULL},
    {"1q 2", VETO_EPARSE, 1, 1,
     "expected a quota (a number, a percentage or a fraction), found '1q'",
     NULL},
    {"1 2\n A:-2", VETO_EINVAL, 2, 4, "negative weight '-2'", NULL},
    {"1 A:2\n A:3", VETO_EINVAL, 2, 2,
     "duplicate player 'A' (first declared on line 1)", NULL},
    {"1 2 P1:3", VETO_EINVAL, 1, 5,
     "duplicate player 'P1' (first declared on line 1)", NULL},
    {"1 \xff:2", VETO_EPARSE, 1, 3, "invalid UTF-8 in name", NULL},
};

static void test_bare_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bare_errors / sizeof bare_errors[0]; i++) {
        check_error(&bare_errors[i]);
    }
    veto_model_t *m = read_ok("1 ab:2 AB:3");
    assert_int_equal(veto_model_nwarnings(m), 1);
    assert_string_equal(veto_model_warning(m, 0),
                        "test.veto:1:8: players 'ab' and 'AB' differ only in "
                        "case");
    veto_model_free(m);
}

static const ecase_t json_errors[] = {
    {"{\"players\": [{\"name\": \"A\"}],\n \"pass_when\": \"A\",, }",
     VETO_EPARSE, 2, 19, "string or '}' expected near ','", NULL},
    {"{\"players\": [{\"name\": \"A\"}],\n \"pass_when\": \"B\"}", VETO_EINVAL,
     2, 16, "unknown player 'B'", NULL},
    {"{\"players\": [{\"name\": \"A\"}],\n \"pass_when\": \"A or (A\"}",
     VETO_EPARSE, 2, 23, "expected 'and', 'or' or ')', found end of file",
     NULL},
    {"{\"players\": [{\"name\": \"A\"}],\n \"pass_when\": \"A\\tor C\"}",
     VETO_EINVAL, 2, 15, "unknown player 'C'", NULL},
    {"{\"players\": [{\"name\": \"A\"}],\n \"pass_when\": \"A\",\n"
     " \"colour\": 3}",
     VETO_EINVAL, 3, 2,
     "unknown key 'colour' (expected title, source, note, include, "
     "players, pass_when, quota, belief, shared, blocs, scenarios, unions or votes)",
     NULL},
    {"{\"players\": [{\"name\": \"A\", \"weight\": 1}], \"quota\": 1}",
     VETO_EINVAL, 1, 28,
     "unknown key 'weight' in a player (expected name, groups or attributes)",
     NULL},
    {"{\"players\": [{\"name\": \"A\", \"attributes\": {\"weight\": 0.5}}],\n"
     " \"quota\": 1}",
     VETO_EINVAL, 1, 53,
     "a JSON real cannot be read exactly; write it as a string, \"0.5\"",
     NULL},
    {"{\"players\": [{\"name\": \"A\", \"attributes\": {\"w\": 1}}],\n"
     " \"quota\": 1}",
     VETO_EINVAL, 2, 11, "unknown attribute 'weight'", NULL},
    {"{\"players\": [{\"name\": \"A\", \"attributes\": {\"weight\": 1}},\n"
     "  {\"name\": \"B\"}], \"quota\": \"50%\"}",
     VETO_EINVAL, 2, 28, "attribute 'weight' is missing for 1 player: B", NULL},
    {"{\"players\": [{\"name\": \"A\"},\n {\"name\": \"A\"}], \"pass_when\": "
     "\"A\"}",
     VETO_EINVAL, 2, 11, "duplicate player 'A' (first declared as player 1)",
     NULL},
    {"{\"players\": [{\"name\": \"A\"}], \"pass_when\": \"A\", \"quota\": 1}",
     VETO_EINVAL, 1, 57, "give either \"pass_when\" or \"quota\", not both",
     NULL},
    {"{\"players\": [{\"name\": \"A\"}]}", VETO_EINVAL, 0, 0,
     "missing \"pass_when\" (or \"quota\")", NULL},
    {"{\"players\": [], \"pass_when\": \"A\"}", VETO_EINVAL, 1, 13,
     "\"players\" must be a non-empty array", NULL},
    {"[1, 2]", VETO_EPARSE, 1, 1, "expected a JSON object at the top level",
     NULL},
    {"{\"players\": [{\"name\": \"A\"}], \"pass_when\": \"A\",\n"
     " \"belief\": {\"A\": \"3/2\"}}",
     VETO_EINVAL, 2, 18, "probability outside [0, 1]: '3/2'", NULL},
    {"{\"players\": [{\"name\": \"A\"}], \"pass_when\": \"A\",\n"
     " \"scenarios\": [{\"name\": \"s\", \"belief\": {\"Z\": 0}}]}",
     VETO_EINVAL, 2, 46, "unknown player or group 'Z'", NULL},
    {"{\"players\": [{\"name\": \"A\"}], \"pass_when\": \"A\",\n"
     " \"scenarios\": [{\"name\": \"s\"}, {\"name\": \"s\"}]}",
     VETO_EINVAL, 2, 40, "duplicate scenario 's'", NULL},
    {"{\"players\": [{\"name\": \"A\"}], \"pass_when\": \"A\",\n"
     " \"belief\": \"x\"}",
     VETO_EINVAL, 2, 12,
     "expected a number, a percentage or a fraction, found \"x\"", NULL},
    {"{\"players\": [{\"name\": \"A\", \"attributes\": {\"w\": -1}}],"
     " \"pass_when\": \"A\"}",
     VETO_EINVAL, 1, 48, "negative attribute value '-1'", NULL},
    {"{\"players\": [{\"name\": 3}], \"pass_when\": \"A\"}", VETO_EINVAL, 1, 23,
     "expected a player name (a string), found an integer", NULL},
    {"{\"title\": \"a\", \"title\": \"b\"}", VETO_EPARSE, 1, 22,
     "duplicate object key near '\"title\"'", NULL},
};

static void test_json_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof json_errors / sizeof json_errors[0]; i++) {
        ecase_t c = json_errors[i];
        if (c.code == VETO_OK) {
            continue;
        }
        check_error_fmt(&c, strlen(c.text), VETO_FORMAT_JSON, NULL);
    }
    check_context("{\"players\": [{\"name\": \"A\"}],\n \"pass_when\": \"B\"}",
                  " \"pass_when\": \"B\"}");
}

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_model_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(UNSC, f);
    fclose(f);
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    assert_int_equal(
        veto_model_read_file(&m, path, VETO_FORMAT_AUTO, NULL, &err), VETO_OK);
    assert_int_equal(m->n, 15);
    assert_string_equal(veto_model_filename(m), path);
    veto_model_free(m);

    veto_limits_t lim;
    veto_limits_init(&lim);
    lim.max_file_bytes = 100;
    assert_int_equal(
        veto_model_read_file(&m, path, VETO_FORMAT_AUTO, &lim, &err),
        VETO_ELIMIT);
    assert_null(m);
    assert_string_equal(err.hint, "raise the limit max_file_bytes");
    remove(path);
    assert_int_equal(
        veto_model_read_file(&m, path, VETO_FORMAT_AUTO, NULL, &err), VETO_EIO);
    assert_null(m);
    veto_model_free(NULL);
    veto_i_expr_free(NULL);
}

/* Every allocation failing in turn: ENOMEM (or success), never a leak or
 * a crash. */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char *const inputs[] = {UNSC, EU, UNSC_JSON,
                                         "62.5% 3 2 Al:1 1.5 x:2"};
    for (size_t t = 0; t < sizeof inputs / sizeof inputs[0]; t++) {
        for (uint64_t k = 1;; k++) {
            veto_model_t *m = NULL;
            veto_error_t err;
            veto_error_clear(&err);
            veto_i_alloc_fail_after(k);
            veto_status s =
                veto_model_read(&m, "oom", inputs[t], strlen(inputs[t]),
                                VETO_FORMAT_AUTO, NULL, &err);
            veto_i_alloc_fail_after(0);
            if (s == VETO_OK) {
                veto_model_free(m);
                break;
            }
            assert_int_equal(s, VETO_ENOMEM);
            assert_null(m);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsc),
        cmocka_unit_test(test_eu),
        cmocka_unit_test(test_expression_forms),
        cmocka_unit_test(test_beliefs),
        cmocka_unit_test(test_crlf_comments_warnings),
        cmocka_unit_test(test_bare),
        cmocka_unit_test(test_json_equivalents),
        cmocka_unit_test(test_veto_errors),
        cmocka_unit_test(test_nul),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_table_limits),
        cmocka_unit_test(test_bare_errors),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
