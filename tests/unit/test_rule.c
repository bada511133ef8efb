/*
 * test_rule.c: lowering expressions to the rule tree, constant folding and
 * flattening, evaluation (machine and GMP arithmetic), substitution, and the
 * weighted folds, each fold checked against the tree on every coalition.
 *
 * Models are built by hand (struct veto_model and veto_i_expr_t), so these
 * tests do not depend on the reader. An independent evaluator of the
 * expression in exact rationals checks the lowering on random instances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_util.h"
#include "rule/rule.h"
#include "rule/rule_i.h"
#include "veto.h"

/* ---- hand-built models ------------------------------------------------ */

static veto_i_expr_t *ex_new(veto_i_expr_kind kind)
{
    veto_i_expr_t *e = calloc(1, sizeof *e);
    assert_non_null(e);
    e->kind = kind;
    e->attr = -1;
    e->group = -1;
    e->line = 1;
    e->col = 1;
    mpq_init(e->rhs);
    return e;
}

/* SUM >= rhs (or > when strict); rhs like "13/20" or "9". */
static veto_i_expr_t *ex_term(long attr, long group, bool strict,
                              bool relative, const char *rhs)
{
    veto_i_expr_t *e = ex_new(VETO_I_E_TERM);
    e->attr = attr;
    e->group = group;
    e->strict = strict;
    e->relative = relative;
    assert_int_equal(mpq_set_str(e->rhs, rhs, 10), 0);
    mpq_canonicalize(e->rhs);
    return e;
}

static veto_i_expr_t *ex_player(size_t p)
{
    veto_i_expr_t *e = ex_new(VETO_I_E_PLAYER);
    e->player = p;
    return e;
}

static veto_i_expr_t *ex_group(veto_i_expr_kind kind, long g)
{
    veto_i_expr_t *e = ex_new(kind);
    e->group = g;
    return e;
}

static veto_i_expr_t *ex_list(veto_i_expr_kind kind, size_t k, size_t nchild,
                              ...)
{
    veto_i_expr_t *e = ex_new(kind);
    e->k = k;
    e->nchild = nchild;
    e->child = calloc(nchild + 1, sizeof *e->child);
    va_list ap;
    va_start(ap, nchild);
    for (size_t c = 0; c < nchild; c++) {
        e->child[c] = va_arg(ap, veto_i_expr_t *);
    }
    va_end(ap);
    return e;
}

static void ex_free(veto_i_expr_t *e)
{
    if (e == NULL) {
        return;
    }
    for (size_t c = 0; c < e->nchild; c++) {
        ex_free(e->child[c]);
    }
    free(e->child);
    mpq_clear(e->rhs);
    free(e);
}

/* n players P0.. (names[] may override), nattrs attributes all 0. */
static veto_model_t *model_new(size_t n, size_t nattrs)
{
    veto_model_t *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->filename = strdup("test.veto");
    m->n = n;
    m->names = calloc(n + 1, sizeof *m->names);
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "P%zu", i);
        m->names[i] = strdup(buf);
    }
    m->nattrs = nattrs;
    m->attr_names = calloc(nattrs + 1, sizeof *m->attr_names);
    for (size_t a = 0; a < nattrs; a++) {
        char buf[32];
        snprintf(buf, sizeof buf, "a%zu", a);
        m->attr_names[a] = strdup(buf);
    }
    m->attr = calloc(n * nattrs + 1, sizeof *m->attr);
    m->attr_set = calloc(n * nattrs + 1, 1);
    for (size_t j = 0; j < n * nattrs; j++) {
        mpq_init(m->attr[j]);
        m->attr_set[j] = true;
    }
    return m;
}

static void model_set_name(veto_model_t *m, size_t i, const char *name)
{
    free(m->names[i]);
    m->names[i] = strdup(name);
}

static void model_set_attr(veto_model_t *m, size_t i, size_t a, const char *v)
{
    assert_int_equal(mpq_set_str(m->attr[i * m->nattrs + a], v, 10), 0);
    mpq_canonicalize(m->attr[i * m->nattrs + a]);
}

/* Add a group with the given members (increasing); returns its index. */
static long model_add_group(veto_model_t *m, const size_t *members, size_t size)
{
    size_t g = m->ngroups++;
    m->group_names = realloc(m->group_names, m->ngroups * sizeof(char *));
    m->group_size = realloc(m->group_size, m->ngroups * sizeof(size_t));
    m->group_members = realloc(m->group_members, m->ngroups * sizeof(size_t *));
    char buf[32];
    snprintf(buf, sizeof buf, "g%zu", g);
    m->group_names[g] = strdup(buf);
    m->group_size[g] = size;
    m->group_members[g] = calloc(size + 1, sizeof(size_t));
    if (size > 0) {
        memcpy(m->group_members[g], members, size * sizeof(size_t));
    }
    return (long)g;
}

static void model_free(veto_model_t *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
    }
    free(m->names);
    for (size_t a = 0; a < m->nattrs; a++) {
        free(m->attr_names[a]);
    }
    free(m->attr_names);
    for (size_t j = 0; j < m->n * m->nattrs; j++) {
        mpq_clear(m->attr[j]);
    }
    free(m->attr);
    free(m->attr_set);
    for (size_t g = 0; g < m->ngroups; g++) {
        free(m->group_names[g]);
        free(m->group_members[g]);
    }
    free(m->group_names);
    free(m->group_size);
    free(m->group_members);
    ex_free(m->rule);
    free(m->filename);
    free(m);
}

static veto_i_rule_t *build(veto_model_t *m)
{
    veto_i_rule_t *r = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_i_rule_build(&r, m, &err);
    if (s != VETO_OK) {
        fail_msg("rule_build failed: %s", err.message);
    }
    assert_non_null(r);
    return r;
}

/* ---- an independent evaluator of expressions (exact rationals) -------- */

static bool ex_eval(const veto_model_t *m, const veto_i_expr_t *e,
                    const unsigned char *in)
{
    switch (e->kind) {
    case VETO_I_E_TERM: {
        mpq_t sum, total, v, rhs;
        mpq_inits(sum, total, v, rhs, NULL);
        size_t np = e->group >= 0 ? m->group_size[e->group] : m->n;
        for (size_t j = 0; j < np; j++) {
            size_t p = e->group >= 0 ? m->group_members[e->group][j] : j;
            if (e->attr >= 0) {
                mpq_set(v, m->attr[p * m->nattrs + (size_t)e->attr]);
            } else {
                mpq_set_ui(v, 1, 1);
            }
            mpq_add(total, total, v);
            if (in[p]) {
                mpq_add(sum, sum, v);
            }
        }
        mpq_set(rhs, e->rhs);
        if (e->relative) {
            mpq_mul(rhs, rhs, total);
        }
        int c = mpq_cmp(sum, rhs);
        mpq_clears(sum, total, v, rhs, NULL);
        return e->strict ? c > 0 : c >= 0;
    }
    case VETO_I_E_PLAYER:
        return in[e->player] != 0;
    case VETO_I_E_ALL:
    case VETO_I_E_ANY: {
        size_t yes = 0, size = m->group_size[e->group];
        for (size_t j = 0; j < size; j++) {
            yes += in[m->group_members[e->group][j]] != 0;
        }
        return e->kind == VETO_I_E_ALL ? yes == size : yes > 0;
    }
    case VETO_I_E_KOF:
    case VETO_I_E_AND:
    case VETO_I_E_OR: {
        size_t yes = 0;
        for (size_t c = 0; c < e->nchild; c++) {
            yes += ex_eval(m, e->child[c], in);
        }
        size_t k = e->kind == VETO_I_E_AND ? e->nchild
                   : e->kind == VETO_I_E_OR ? 1
                                            : e->k;
        return yes >= k;
    }
    }
    return false;
}

static void coalition(unsigned char *in, size_t n, uint64_t s)
{
    for (size_t i = 0; i < n; i++) {
        in[i] = (s >> i) & 1u;
    }
}

/* Every structural promise of rule.h. */
static void check_normalised(const veto_i_rule_t *r, bool root)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
    case VETO_I_R_FALSE:
        assert_true(root);
        return;
    case VETO_I_R_TERM: {
        assert_true(r->nterm >= 1);
        mpz_t total, g;
        mpz_init(total);
        mpz_init_set(g, r->quota);
        for (size_t j = 0; j < r->nterm; j++) {
            if (j > 0) {
                assert_true(r->player[j] > r->player[j - 1]);
            }
            assert_true(mpz_sgn(r->w[j]) > 0);
            mpz_add(total, total, r->w[j]);
            mpz_gcd(g, g, r->w[j]);
        }
        assert_true(mpz_sgn(r->quota) > 0);
        assert_true(mpz_cmp(r->quota, total) <= 0);
        assert_true(mpz_cmp_ui(g, 1) == 0);
        assert_true(r->small == (mpz_sizeinbase(total, 2) <= 62));
        mpz_clear(total);
        mpz_clear(g);
        return;
    }
    case VETO_I_R_KOF:
        assert_true(r->nchild >= 2);
        assert_true(r->k >= 1 && r->k <= r->nchild);
        for (size_t c = 0; c < r->nchild; c++) {
            const veto_i_rule_t *ch = r->child[c];
            check_normalised(ch, false);
            if (ch->kind == VETO_I_R_KOF) {
                assert_false(r->k == r->nchild && ch->k == ch->nchild);
                assert_false(r->k == 1 && ch->k == 1);
            }
        }
        return;
    }
}

/* ---- lowering ---------------------------------------------------------- */

static void assert_term(const veto_i_rule_t *r, const char *quota,
                        size_t nterm, const char *const *w)
{
    assert_int_equal(r->kind, VETO_I_R_TERM);
    assert_int_equal(r->nterm, nterm);
    assert_int_equal(mpz_cmp_ui(r->quota, 0) > 0, 1);
    char *q = mpz_get_str(NULL, 10, r->quota);
    assert_string_equal(q, quota);
    free(q);
    for (size_t j = 0; j < nterm && w != NULL; j++) {
        char *s = mpz_get_str(NULL, 10, r->w[j]);
        assert_string_equal(s, w[j]);
        free(s);
    }
}

static void test_lower_percent(void **state)
{
    (void)state;
    /* 55% of 27 players is 14.85: at least 15. */
    veto_model_t *m = model_new(27, 0);
    m->rule = ex_term(-1, -1, false, true, "11/20");
    veto_i_rule_t *r = build(m);
    assert_term(r, "15", 27, NULL);
    assert_int_equal(mpz_cmp_ui(r->w[0], 1), 0);
    assert_true(r->small);
    veto_i_rule_free(r);
    model_free(m);

    /* > 2/3 of 15 is > 10: at least 11. */
    m = model_new(15, 0);
    m->rule = ex_term(-1, -1, true, true, "2/3");
    r = build(m);
    assert_term(r, "11", 15, NULL);
    veto_i_rule_free(r);
    /* >= 2/3 of 15 is 10; > 10 absolute is 11; >= 10 absolute is 10. */
    ex_free(m->rule);
    m->rule = ex_term(-1, -1, false, true, "2/3");
    r = build(m);
    assert_term(r, "10", 15, NULL);
    veto_i_rule_free(r);
    ex_free(m->rule);
    m->rule = ex_term(-1, -1, true, false, "10");
    r = build(m);
    assert_term(r, "11", 15, NULL);
    veto_i_rule_free(r);
    model_free(m);
}

static void test_lower_attr(void **state)
{
    (void)state;
    /* Attributes 1/2, 1/3, 1 and 0: lcm 6 gives 3, 2, 6; the zero weight
     * is dropped. a >= 7/6 -> 6 a >= 7; a > 5/6 -> 6a >= 6 -> gcd... */
    veto_model_t *m = model_new(4, 1);
    model_set_attr(m, 0, 0, "1/2");
    model_set_attr(m, 1, 0, "1/3");
    model_set_attr(m, 2, 0, "1");
    model_set_attr(m, 3, 0, "0");
    m->rule = ex_term(0, -1, false, false, "7/6");
    veto_i_rule_t *r = build(m);
    const char *w1[] = {"3", "2", "6"};
    assert_term(r, "7", 3, w1);
    assert_int_equal(r->player[2], 2);
    veto_i_rule_free(r);
    /* 50% of the total 11/6 is 11/12: 6 sum >= 5.5 -> 6. */
    ex_free(m->rule);
    m->rule = ex_term(0, -1, false, true, "1/2");
    r = build(m);
    assert_term(r, "6", 3, w1);
    veto_i_rule_free(r);
    /* Over the group {0, 1}: a(g) >= 1/2 of 5/6 -> 3x0 + 2x1 >= 5/2 -> 3. */
    ex_free(m->rule);
    size_t g01[] = {0, 1};
    long g = model_add_group(m, g01, 2);
    m->rule = ex_term(0, g, false, true, "1/2");
    r = build(m);
    const char *w2[] = {"3", "2"};
    assert_term(r, "3", 2, w2);
    veto_i_rule_free(r);
    /* gcd: weights 2, 4, 6 (attr 2/3 .. with lcm) and quota 4 -> 1 2 3 | 2 */
    ex_free(m->rule);
    model_set_attr(m, 0, 0, "2");
    model_set_attr(m, 1, 0, "4");
    model_set_attr(m, 2, 0, "6");
    m->rule = ex_term(0, -1, false, false, "4");
    r = build(m);
    const char *w3[] = {"1", "2", "3"};
    assert_term(r, "2", 3, w3);
    veto_i_rule_free(r);
    /* A negative attribute is refused at the term's position. */
    ex_free(m->rule);
    model_set_attr(m, 3, 0, "-1");
    m->rule = ex_term(0, -1, false, false, "4");
    m->rule->line = 3;
    m->rule->col = 11;
    veto_error_t err;
    veto_error_clear(&err);
    r = NULL;
    assert_int_equal(veto_i_rule_build(&r, m, &err), VETO_EINVAL);
    assert_null(r);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 11);
    model_free(m);
}

static void test_constants(void **state)
{
    (void)state;
    veto_model_t *m = model_new(5, 0);
    size_t none[1] = {0};
    long empty = model_add_group(m, none, 0);
    size_t g3[] = {1, 2, 3};
    long grp = model_add_group(m, g3, 3);
    struct {
        veto_i_expr_t *e;
        veto_i_rule_kind kind;
    } cases[] = {
        {ex_term(-1, -1, false, false, "0"), VETO_I_R_TRUE},
        {ex_term(-1, -1, false, false, "-3"), VETO_I_R_TRUE},
        {ex_term(-1, -1, false, false, "6"), VETO_I_R_FALSE},
        {ex_term(-1, -1, true, false, "5"), VETO_I_R_FALSE},
        {ex_term(-1, -1, false, true, "0"), VETO_I_R_TRUE},
        {ex_group(VETO_I_E_ALL, empty), VETO_I_R_TRUE},
        {ex_group(VETO_I_E_ANY, empty), VETO_I_R_FALSE},
        {ex_list(VETO_I_E_KOF, 3, 2, ex_player(0), ex_player(1)),
         VETO_I_R_FALSE},
        {ex_list(VETO_I_E_KOF, 0, 2, ex_player(0), ex_player(1)),
         VETO_I_R_TRUE},
        {ex_list(VETO_I_E_AND, 0, 0), VETO_I_R_TRUE},
        {ex_list(VETO_I_E_OR, 0, 0), VETO_I_R_FALSE},
        {ex_list(VETO_I_E_OR, 0, 2, ex_player(0),
                 ex_term(-1, -1, false, false, "0")),
         VETO_I_R_TRUE},
        {ex_list(VETO_I_E_AND, 0, 2, ex_player(0),
                 ex_group(VETO_I_E_ANY, empty)),
         VETO_I_R_FALSE},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        m->rule = cases[c].e;
        veto_i_rule_t *r = build(m);
        if (r->kind != cases[c].kind) {
            fail_msg("case %zu: kind %d, expected %d", c, (int)r->kind,
                     (int)cases[c].kind);
        }
        veto_i_rule_free(r);
        ex_free(m->rule);
        m->rule = NULL;
    }

    /* A TRUE child lowers k and goes; a lone child is lifted. */
    m->rule = ex_list(VETO_I_E_AND, 0, 2, ex_group(VETO_I_E_ALL, empty),
                      ex_player(4));
    veto_i_rule_t *r = build(m);
    assert_int_equal(r->kind, VETO_I_R_TERM);
    assert_int_equal(r->nterm, 1);
    assert_int_equal(r->player[0], 4);
    veto_i_rule_free(r);
    ex_free(m->rule);

    /* 2 of (TRUE, P0, P1, FALSE) = any of (P0, P1). */
    m->rule = ex_list(VETO_I_E_KOF, 2, 4, ex_term(-1, -1, false, false, "0"),
                      ex_player(0), ex_player(1),
                      ex_term(-1, -1, false, false, "9"));
    r = build(m);
    assert_int_equal(r->kind, VETO_I_R_KOF);
    assert_int_equal(r->k, 1);
    assert_int_equal(r->nchild, 2);
    veto_i_rule_free(r);
    ex_free(m->rule);

    /* Flattening: (P0 and (P1 and all(g))) and any(g) -> 4 children, k 4;
     * (P0 or (P1 or P2)) -> 3 children, k 1; an OR in an AND stays. */
    m->rule = ex_list(
        VETO_I_E_AND, 0, 3, ex_player(0),
        ex_list(VETO_I_E_AND, 0, 2, ex_player(1), ex_group(VETO_I_E_ALL, grp)),
        ex_group(VETO_I_E_ANY, grp));
    r = build(m);
    check_normalised(r, true);
    assert_int_equal(r->kind, VETO_I_R_KOF);
    assert_int_equal(r->nchild, 4);
    assert_int_equal(r->k, 4);
    veto_i_rule_free(r);
    ex_free(m->rule);
    m->rule = ex_list(VETO_I_E_OR, 0, 2, ex_player(0),
                      ex_list(VETO_I_E_OR, 0, 2, ex_player(1), ex_player(2)));
    r = build(m);
    assert_int_equal(r->nchild, 3);
    assert_int_equal(r->k, 1);
    veto_i_rule_free(r);
    ex_free(m->rule);
    m->rule = ex_list(VETO_I_E_AND, 0, 2, ex_player(0),
                      ex_list(VETO_I_E_OR, 0, 2, ex_player(1), ex_player(2)));
    r = build(m);
    assert_int_equal(r->nchild, 2);
    assert_int_equal(r->k, 2);
    assert_int_equal(r->child[1]->kind, VETO_I_R_KOF);
    assert_int_equal(r->child[1]->k, 1);
    /* 2 of 3 is neither AND nor OR: children kept as they are. */
    veto_i_rule_free(r);
    ex_free(m->rule);
    m->rule = ex_list(VETO_I_E_KOF, 2, 3, ex_player(0),
                      ex_list(VETO_I_E_AND, 0, 2, ex_player(1), ex_player(2)),
                      ex_player(3));
    r = build(m);
    assert_int_equal(r->nchild, 3);
    assert_int_equal(r->k, 2);
    veto_i_rule_free(r);
    model_free(m);
}

/* ---- the Security Council ---------------------------------------------- */

static veto_model_t *unsc_model(void)
{
    static const char *const names[] = {"China", "France", "Russia", "UK",
                                        "USA"};
    veto_model_t *m = model_new(15, 0);
    for (size_t i = 0; i < 5; i++) {
        model_set_name(m, i, names[i]);
    }
    for (size_t i = 5; i < 15; i++) {
        char buf[8];
        snprintf(buf, sizeof buf, "E%zu", i - 4);
        model_set_name(m, i, buf);
    }
    size_t perm[] = {0, 1, 2, 3, 4};
    long g = model_add_group(m, perm, 5);
    m->rule = ex_list(VETO_I_E_AND, 0, 2, ex_group(VETO_I_E_ALL, g),
                      ex_term(-1, -1, false, false, "9"));
    return m;
}

static void test_unsc_fold(void **state)
{
    (void)state;
    veto_model_t *m = unsc_model();
    veto_i_rule_t *r = build(m);
    check_normalised(r, true);
    veto_i_wgame_t g;
    veto_status rc = VETO_ENOMEM;
    assert_true(veto_i_rule_weighted(&g, r, 15, &rc));
    assert_int_equal(rc, VETO_OK);
    assert_int_equal(mpz_cmp_ui(g.quota, 39), 0);
    for (size_t i = 0; i < 15; i++) {
        assert_int_equal(mpz_cmp_ui(g.w[i], i < 5 ? 7 : 1), 0);
    }
    veto_i_wgame_clear(&g);
    veto_i_wgame_clear(&g); /* harmless */

    char *s = veto_i_rule_to_string(r, m);
    assert_string_equal(
        s, "all(g0) and count >= 9");
    veto_i_free(s);

    /* Substituting Russia = no leaves FALSE; Russia = yes leaves a rule
     * without Russia that folds to [32; 7 x 4, 1 x 10]. */
    signed char fixed[15];
    memset(fixed, -1, sizeof fixed);
    fixed[2] = 0;
    veto_i_rule_t *sub = veto_i_rule_substitute(r, fixed);
    assert_int_equal(sub->kind, VETO_I_R_FALSE);
    veto_i_rule_free(sub);
    fixed[2] = 1;
    sub = veto_i_rule_substitute(r, fixed);
    check_normalised(sub, true);
    unsigned char ment[15] = {0};
    veto_i_rule_mentions(sub, ment);
    assert_int_equal(ment[2], 0);
    assert_int_equal(ment[0], 1);
    assert_true(veto_i_rule_weighted(&g, sub, 15, &rc));
    assert_int_equal(mpz_cmp_ui(g.quota, 32), 0);
    assert_int_equal(mpz_cmp_ui(g.w[2], 0), 0);
    assert_int_equal(mpz_cmp_ui(g.w[0], 7), 0);
    assert_int_equal(mpz_cmp_ui(g.w[14], 1), 0);
    veto_i_wgame_clear(&g);
    veto_i_rule_free(sub);
    assert_int_equal(veto_i_rule_size(r), 3);
    veto_i_rule_free(r);
    model_free(m);
}

/* ---- random instances -------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t rnd_below(size_t k)
{
    return (size_t)(rnd() % k);
}


/* A random group (possibly empty) of the n players. */
static long random_group(veto_model_t *m)
{
    size_t mem[32], size = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (rnd_below(3) == 0) {
            mem[size++] = i;
        }
    }
    return model_add_group(m, mem, size);
}

static veto_i_expr_t *random_term(veto_model_t *m)
{
    char rhs[64];
    bool relative = rnd_below(2) == 0;
    if (relative) {
        snprintf(rhs, sizeof rhs, "%zu/%zu", rnd_below(12), 1 + rnd_below(10));
    } else {
        snprintf(rhs, sizeof rhs, "%zu/%zu", rnd_below(40), 1 + rnd_below(3));
    }
    long attr = m->nattrs > 0 && rnd_below(3) != 0 ? 0 : -1;
    long grp = rnd_below(3) == 0 ? random_group(m) : -1;
    return ex_term(attr, grp, rnd_below(2) == 0, relative, rhs);
}

static veto_i_expr_t *random_expr(veto_model_t *m, int depth)
{
    size_t pick = depth <= 0 ? rnd_below(4) : rnd_below(7);
    switch (pick) {
    case 0:
        return random_term(m);
    case 1:
        return ex_player(rnd_below(m->n));
    case 2:
        return ex_group(VETO_I_E_ALL, random_group(m));
    case 3:
        return ex_group(VETO_I_E_ANY, random_group(m));
    default: {
        size_t nc = 1 + rnd_below(4);
        veto_i_expr_kind kind = pick == 4   ? VETO_I_E_AND
                                : pick == 5 ? VETO_I_E_OR
                                            : VETO_I_E_KOF;
        veto_i_expr_t *e = ex_list(kind, rnd_below(nc + 2), 0);
        e->child = realloc(e->child, nc * sizeof *e->child);
        e->nchild = nc;
        for (size_t c = 0; c < nc; c++) {
            e->child[c] = random_expr(m, depth - 1);
        }
        return e;
    }
    }
}

static veto_model_t *random_model(size_t n)
{
    veto_model_t *m = model_new(n, 1);
    for (size_t i = 0; i < n; i++) {
        char v[32];
        snprintf(v, sizeof v, "%zu/%zu", rnd_below(20), 1 + rnd_below(4));
        model_set_attr(m, i, 0, v);
    }
    return m;
}

/* Lowering agrees with the expression on every coalition; the tree is
 * normalised; copy and substitution agree too. */
static void test_random_lowering(void **state)
{
    (void)state;
    uint64_t seed = 0x5EEDull;
    unsigned iters = (unsigned)vt_count(400);
    unsigned char in[16], fixed_in[16];
    signed char fixed[16];
    for (unsigned it = 0; it < iters; it++) {
        rng_state = vt_seed(seed + it);
        size_t n = 1 + rnd_below(9);
        veto_model_t *m = random_model(n);
        m->rule = random_expr(m, 3);
        veto_i_rule_t *r = build(m);
        check_normalised(r, true);
        veto_i_rule_t *c = veto_i_rule_copy(r);
        for (size_t i = 0; i < n; i++) {
            fixed[i] = (signed char)((int)rnd_below(4) - 2);
            fixed[i] = fixed[i] < -1 ? -1 : fixed[i];
        }
        veto_i_rule_t *sub = veto_i_rule_substitute(r, fixed);
        check_normalised(sub, true);
        unsigned char ment[16] = {0};
        veto_i_rule_mentions(sub, ment);
        for (uint64_t s = 0; s < (1ull << n); s++) {
            coalition(in, n, s);
            bool want = ex_eval(m, m->rule, in);
            if (veto_i_rule_eval(r, in) != want ||
                veto_i_rule_eval(c, in) != want) {
                char *txt = veto_i_rule_to_string(r, m);
                fail_msg("seed %llu coalition %llu: tree %s",
                         (unsigned long long)(seed + it),
                         (unsigned long long)s, txt);
            }
            for (size_t i = 0; i < n; i++) {
                fixed_in[i] = fixed[i] >= 0 ? (unsigned char)fixed[i] : in[i];
                if (fixed[i] >= 0) {
                    assert_int_equal(ment[i], 0);
                }
            }
            if (veto_i_rule_eval(sub, in) != ex_eval(m, m->rule, fixed_in)) {
                fail_msg("seed %llu: substitution differs on %llu",
                         (unsigned long long)(seed + it),
                         (unsigned long long)s);
            }
        }
        char *txt = veto_i_rule_to_string(r, m);
        assert_non_null(txt);
        veto_i_free(txt);
        veto_i_rule_free(sub);
        veto_i_rule_free(c);
        veto_i_rule_free(r);
        model_free(m);
    }
}

/* Check a fold against the tree on every coalition, and its gcd. */
static void check_fold(const veto_i_rule_t *r, size_t n, bool expect,
                       uint64_t seed)
{
    veto_i_wgame_t g;
    veto_status rc = VETO_ENOMEM;
    bool folded = veto_i_rule_weighted(&g, r, n, &rc);
    assert_int_equal(rc, VETO_OK);
    if (folded != expect) {
        fail_msg("seed %llu: weighted() returned %d", (unsigned long long)seed,
                 (int)folded);
    }
    if (!folded) {
        return;
    }
    unsigned char in[16];
    mpz_t s, d;
    mpz_init(s);
    mpz_init_set(d, g.quota);
    for (size_t i = 0; i < n; i++) {
        assert_true(mpz_sgn(g.w[i]) >= 0);
        mpz_gcd(d, d, g.w[i]);
    }
    assert_true(mpz_sgn(g.quota) >= 0);
    assert_true(mpz_cmp_ui(d, 1) <= 0);
    for (uint64_t c = 0; c < (1ull << n); c++) {
        coalition(in, n, c);
        mpz_set_ui(s, 0);
        for (size_t i = 0; i < n; i++) {
            if (in[i]) {
                mpz_add(s, s, g.w[i]);
            }
        }
        if ((mpz_cmp(s, g.quota) >= 0) != veto_i_rule_eval(r, in)) {
            fail_msg("seed %llu: fold differs on coalition %llu",
                     (unsigned long long)seed, (unsigned long long)c);
        }
    }
    mpz_clear(s);
    mpz_clear(d);
    veto_i_wgame_clear(&g);
}

static void test_random_folds(void **state)
{
    (void)state;
    uint64_t seed = 0xF01Dull;
    unsigned iters = (unsigned)vt_count(300);
    for (unsigned it = 0; it < iters; it++) {
        rng_state = vt_seed(seed + it);
        size_t n = 1 + rnd_below(10);
        veto_model_t *m = random_model(n);
        size_t pattern = it % 5;
        bool expect = true;
        switch (pattern) {
        case 0: /* a single term (or a constant) */
            m->rule = random_term(m);
            break;
        case 1: { /* k of players, a player possibly named twice */
            size_t nc = 2 + rnd_below(5);
            veto_i_expr_t *e = ex_list(VETO_I_E_KOF, rnd_below(nc + 1), 0);
            e->child = realloc(e->child, nc * sizeof *e->child);
            e->nchild = nc;
            for (size_t c = 0; c < nc; c++) {
                e->child[c] = ex_player(rnd_below(n));
            }
            m->rule = e;
            break;
        }
        case 2: /* all(G) and T */
        case 3: /* T and all(G), T possibly a player */
            m->rule = ex_list(VETO_I_E_AND, 0, 2,
                              ex_group(VETO_I_E_ALL, random_group(m)),
                              rnd_below(4) == 0 ? ex_player(rnd_below(n))
                                                : random_term(m));
            if (pattern == 3) {
                veto_i_expr_t *t = m->rule->child[0];
                m->rule->child[0] = m->rule->child[1];
                m->rule->child[1] = t;
            }
            break;
        default: /* any(G) and T: folds only when it is degenerate */
            m->rule = ex_list(VETO_I_E_OR, 0, 2, random_term(m),
                              random_term(m));
            expect = false;
            break;
        }
        veto_i_rule_t *r = build(m);
        if (!expect) {
            /* Decide from the shape the tree took after folding. */
            expect = r->kind != VETO_I_R_KOF;
            if (r->kind == VETO_I_R_KOF) {
                bool players = true;
                for (size_t c = 0; c < r->nchild; c++) {
                    players = players && r->child[c]->kind == VETO_I_R_TERM &&
                              r->child[c]->nterm == 1;
                }
                expect = players;
            }
        }
        check_fold(r, n, expect, seed + it);
        veto_i_rule_free(r);
        model_free(m);
    }
}

/* Terms whose total does not fit in 64 bits evaluate in GMP. */
static void test_big_weights(void **state)
{
    (void)state;
    veto_model_t *m = model_new(3, 1);
    model_set_attr(m, 0, 0, "100000000000000000000000");
    model_set_attr(m, 1, 0, "100000000000000000000001");
    model_set_attr(m, 2, 0, "3");
    m->rule = ex_term(0, -1, false, false, "100000000000000000000004");
    veto_i_rule_t *r = build(m);
    assert_false(r->small);
    unsigned char in[3];
    bool want[8] = {false, false, false, true, false, false, true, true};
    for (uint64_t s = 0; s < 8; s++) {
        coalition(in, 3, s);
        assert_int_equal(veto_i_rule_eval(r, in), want[s]);
    }
    veto_i_rule_t *c = veto_i_rule_copy(r);
    coalition(in, 3, 6);
    assert_true(veto_i_rule_eval(c, in));
    char *s = veto_i_rule_to_string(r, m);
    assert_string_equal(s, "a0 >= 100000000000000000000004");
    veto_i_free(s);
    veto_i_rule_free(c);
    veto_i_rule_free(r);
    model_free(m);
}

/* Out of memory anywhere in lowering gives VETO_ENOMEM and leaks nothing. */
static void test_oom(void **state)
{
    (void)state;
    veto_model_t *m = unsc_model();
    for (uint64_t k = 1; k < 200; k++) {
        veto_i_rule_t *r = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        veto_i_alloc_fail_after(k);
        veto_status s = veto_i_rule_build(&r, m, &err);
        veto_i_wgame_t g;
        veto_status rc = VETO_OK;
        bool folded = s == VETO_OK && veto_i_rule_weighted(&g, r, 15, &rc);
        char *txt = s == VETO_OK ? veto_i_rule_to_string(r, m) : NULL;
        veto_i_rule_t *c = s == VETO_OK ? veto_i_rule_copy(r) : NULL;
        veto_i_alloc_fail_after(0);
        if (s != VETO_OK) {
            assert_int_equal(s, VETO_ENOMEM);
            assert_null(r);
        }
        if (folded) {
            veto_i_wgame_clear(&g);
        }
        veto_i_free(txt);
        veto_i_rule_free(c);
        veto_i_rule_free(r);
    }
    model_free(m);
}

/* ---- models read from text (the reader, src/model/) --------------------- */

static veto_model_t *parse(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    if (veto_model_read(&m, "test.veto", text, strlen(text), VETO_FORMAT_AUTO,
                        NULL, &err) != VETO_OK) {
        fail_msg("model did not parse: %u:%u: %s", err.line, err.col,
                 err.message);
    }
    return m;
}

static char *fold_text(const veto_i_rule_t *r, size_t n)
{
    veto_i_wgame_t g;
    veto_status rc;
    if (!veto_i_rule_weighted(&g, r, n, &rc)) {
        return strdup("-");
    }
    char buf[1024];
    size_t at = (size_t)gmp_snprintf(buf, sizeof buf, "[%Zd;", g.quota);
    for (size_t i = 0; i < n; i++) {
        at += (size_t)gmp_snprintf(buf + at, sizeof buf - at, " %Zd", g.w[i]);
    }
    snprintf(buf + at, sizeof buf - at, "]");
    veto_i_wgame_clear(&g);
    return strdup(buf);
}

static void test_parsed(void **state)
{
    (void)state;
    static const struct {
        const char *text, *tree, *fold;
    } cases[] = {
        {"players {\n China France Russia UK USA [permanent]\n"
         " E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 [elected]\n}\n"
         "pass when all(permanent) and count >= 9\n",
         "all(permanent) and count >= 9",
         "[39; 7 7 7 7 7 1 1 1 1 1 1 1 1 1 1]"},
        {"players {\n A B C D E F G H I J K L M N O\n}\n"
         "pass when count > 2/3\n",
         "count >= 11",
         "[11; 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]"},
        {"players {\n A w=1/2\n B w=1/3\n C w=1\n}\npass when w >= 50%\n",
         "w >= 1", "[6; 3 2 6]"},
        {"players {\n A B C D\n}\npass when 2 of (A, B, C)\n",
         "2 of (A, B, C)", "[2; 1 1 1 0]"},
        {"players {\n A B C D\n}\npass when (A and B) or (C and D)\n",
         "A and B or C and D", "-"},
        {"players {\n A x=2\n B x=3\n C x=5\n}\n"
         "pass when x >= 50% and count >= 2 or C\n",
         "x >= 5 and count >= 2 or C",
         "-"},
        {"players {\n A [g]\n B [g]\n C\n}\npass when any(g) and C\n",
         "any(g) and C", "[3; 1 1 2]"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        veto_model_t *m = parse(cases[c].text);
        veto_i_rule_t *r = build(m);
        check_normalised(r, true);
        char *t = veto_i_rule_to_string(r, m);
        if (strcmp(t, cases[c].tree) != 0) {
            fail_msg("case %zu: tree %s", c, t);
        }
        veto_i_free(t);
        char *f = fold_text(r, m->n);
        if (strcmp(f, cases[c].fold) != 0) {
            fail_msg("case %zu: fold %s", c, f);
        }
        free(f);
        veto_i_rule_free(r);
        veto_model_free(m);
    }

    /* 55% of 27 players is 14.85: at least 15. */
    char text[1024] = "players {\n";
    for (int i = 0; i < 27; i++) {
        char line[16];
        snprintf(line, sizeof line, " S%d\n", i);
        strcat(text, line);
    }
    strcat(text, "}\npass when count >= 55%\n");
    veto_model_t *m = parse(text);
    veto_i_rule_t *r = build(m);
    assert_int_equal(r->kind, VETO_I_R_TERM);
    assert_int_equal(r->nterm, 27);
    assert_int_equal(mpz_cmp_ui(r->quota, 15), 0);
    veto_i_rule_free(r);
    veto_model_free(m);
}

int main(void)
{
    vt_begin("test_rule");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lower_percent),
        cmocka_unit_test(test_lower_attr),
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_unsc_fold),
        cmocka_unit_test(test_random_lowering),
        cmocka_unit_test(test_random_folds),
        cmocka_unit_test(test_big_weights),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_parsed),
    };
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
