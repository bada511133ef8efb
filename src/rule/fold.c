/*
 * fold.c: recognise rules that are a single weighted threshold in disguise
 * and write them as [quota; w_0, ..., w_{n-1}], so that the weighted-game
 * engines (dp) can take them.
 */
#include "rule.h"

#include <string.h>

bool veto_i_wgame_alloc(veto_i_wgame_t *g, size_t n)
{
    memset(g, 0, sizeof *g);
    g->w = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *g->w);
    if (g->w == NULL) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        mpz_init(g->w[i]);
    }
    mpz_init(g->quota);
    g->n = n;
    return true;
}

void veto_i_wgame_clear(veto_i_wgame_t *g)
{
    if (g == NULL || g->w == NULL) {
        return;
    }
    for (size_t i = 0; i < g->n; i++) {
        mpz_clear(g->w[i]);
    }
    veto_i_free(g->w);
    mpz_clear(g->quota);
    memset(g, 0, sizeof *g);
}

/* A term that says "every one of its players": equal weights, quota equal
 * to their sum (normalised, so weights 1 and quota nterm), or one player. */
static bool is_all_term(const veto_i_rule_t *r)
{
    if (r->kind != VETO_I_R_TERM) {
        return false;
    }
    if (r->nterm == 1) {
        return true; /* 0 < quota <= w: the player votes yes */
    }
    for (size_t j = 0; j < r->nterm; j++) {
        if (mpz_cmp(r->w[j], r->w[0]) != 0) {
            return false;
        }
    }
    mpz_t s;
    mpz_init(s);
    mpz_mul_ui(s, r->w[0], r->nterm);
    bool all = mpz_cmp(s, r->quota) == 0;
    mpz_clear(s);
    return all;
}

static void reduce_gcd(veto_i_wgame_t *g)
{
    mpz_t d;
    mpz_init_set(d, g->quota);
    for (size_t i = 0; i < g->n; i++) {
        mpz_gcd(d, d, g->w[i]);
    }
    if (mpz_cmp_ui(d, 1) > 0) {
        mpz_divexact(g->quota, g->quota, d);
        for (size_t i = 0; i < g->n; i++) {
            mpz_divexact(g->w[i], g->w[i], d);
        }
    }
    mpz_clear(d);
}

/* all(G) and T  ->  G members weight B, others their a_i in T,
 * quota B|G| + q', with q' = q - a(G) and B = a(not G) - q' + 1: a coalition
 * that has all of G passes exactly when T does, and one that misses a
 * member of G falls short even with every other player. */
static void fold_all_and_term(veto_i_wgame_t *g, const veto_i_rule_t *all,
                              const veto_i_rule_t *t, size_t n,
                              unsigned char *in_g)
{
    memset(in_g, 0, n);
    for (size_t j = 0; j < all->nterm; j++) {
        in_g[all->player[j]] = 1;
    }
    mpz_t ag, anot, qp, b;
    mpz_init(ag);
    mpz_init(anot);
    mpz_init(qp);
    mpz_init(b);
    for (size_t j = 0; j < t->nterm; j++) {
        mpz_add(in_g[t->player[j]] ? ag : anot,
                in_g[t->player[j]] ? ag : anot, t->w[j]);
    }
    mpz_sub(qp, t->quota, ag);
    if (mpz_sgn(qp) <= 0) {
        /* T holds whenever all of G does: the rule is all(G). */
        for (size_t j = 0; j < all->nterm; j++) {
            mpz_set_ui(g->w[all->player[j]], 1);
        }
        mpz_set_ui(g->quota, all->nterm);
    } else {
        /* qp <= a(not G) because T is normalised (q <= total), so B >= 1. */
        mpz_sub(b, anot, qp);
        mpz_add_ui(b, b, 1);
        for (size_t j = 0; j < t->nterm; j++) {
            mpz_set(g->w[t->player[j]], t->w[j]);
        }
        for (size_t j = 0; j < all->nterm; j++) {
            mpz_set(g->w[all->player[j]], b);
        }
        mpz_mul_ui(g->quota, b, all->nterm);
        mpz_add(g->quota, g->quota, qp);
    }
    mpz_clear(ag);
    mpz_clear(anot);
    mpz_clear(qp);
    mpz_clear(b);
}

bool veto_i_rule_weighted(veto_i_wgame_t *g, const veto_i_rule_t *r, size_t n,
                          veto_status *rc)
{
    *rc = VETO_OK;
    if (veto_i_rule_is_ternary(r)) {
        return false; /* a weighted game counts yes votes only */
    }
    enum { NONE, CONST_T, CONST_F, TERM, KOF_PLAYERS, ALL_AND } shape = NONE;
    const veto_i_rule_t *all = NULL, *t = NULL;
    switch (r->kind) {
    case VETO_I_R_TRUE:
        shape = CONST_T;
        break;
    case VETO_I_R_FALSE:
        shape = CONST_F;
        break;
    case VETO_I_R_TERM:
        shape = TERM;
        break;
    case VETO_I_R_KOF: {
        bool players = true;
        for (size_t c = 0; c < r->nchild && players; c++) {
            players = r->child[c]->kind == VETO_I_R_TERM &&
                      r->child[c]->nterm == 1;
        }
        if (players) {
            shape = KOF_PLAYERS;
        } else if (r->nchild == 2 && r->k == 2 &&
                   r->child[0]->kind == VETO_I_R_TERM &&
                   r->child[1]->kind == VETO_I_R_TERM) {
            if (is_all_term(r->child[0])) {
                all = r->child[0];
                t = r->child[1];
                shape = ALL_AND;
            } else if (is_all_term(r->child[1])) {
                all = r->child[1];
                t = r->child[0];
                shape = ALL_AND;
            }
        }
        break;
    }
    }
    if (shape == NONE) {
        return false;
    }
    unsigned char *in_g = NULL;
    if (!veto_i_wgame_alloc(g, n)) {
        *rc = VETO_ENOMEM;
        return false;
    }
    switch (shape) {
    case CONST_T:
        break; /* quota 0, weights 0 */
    case CONST_F:
        mpz_set_ui(g->quota, 1);
        break;
    case TERM:
        for (size_t j = 0; j < r->nterm; j++) {
            mpz_set(g->w[r->player[j]], r->w[j]);
        }
        mpz_set(g->quota, r->quota);
        break;
    case KOF_PLAYERS:
        /* A single-player term is normalised to {p: 1} >= 1; a player named
         * twice counts twice, as it does among the k. */
        for (size_t c = 0; c < r->nchild; c++) {
            mpz_add_ui(g->w[r->child[c]->player[0]],
                       g->w[r->child[c]->player[0]], 1);
        }
        mpz_set_ui(g->quota, r->k);
        break;
    case ALL_AND:
        in_g = veto_i_calloc(n, 1);
        if (in_g == NULL) {
            veto_i_wgame_clear(g);
            *rc = VETO_ENOMEM;
            return false;
        }
        fold_all_and_term(g, all, t, n, in_g);
        veto_i_free(in_g);
        break;
    case NONE:
        break;
    }
    reduce_gcd(g);
    return true;
}
