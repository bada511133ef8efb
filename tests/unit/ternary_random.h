/*
 * ternary_random.h: random three-valued rules and beliefs for the tests
 * that hold the three-valued engines to each other and to a brute force
 * (test_ternary.c, test_ternary_engines.c). One generator, so that both
 * draw their cases the same way; each test program has its own stream,
 * seeded by setting rng_state. Include it after cmocka.h.
 */
#ifndef VETO_TERNARY_RANDOM_H
#define VETO_TERNARY_RANDOM_H

#include <stdint.h>
#include <stdlib.h>

#include "rule/rule_i.h"

static uint64_t rng_state;

/* A draw in [0, k): a 64-bit LCG, its high bits. */
static uint64_t rnd(uint64_t k)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng_state >> 33) % k;
}

/* A term over a random subset of n players (any n), weights 1..wmax;
 * vote is VETO_I_V_* or -1 for a random one. An `of voting` term takes
 * its share among the first nshares of {1/2, 2/3, 1/3, 3/5, 0, 1}. */
static veto_i_rule_t *random_term(size_t n, unsigned long wmax, int vote,
                                  size_t nshares)
{
    static const unsigned long f[][2] = {{1, 2}, {2, 3}, {1, 3},
                                         {3, 5}, {0, 1}, {1, 1}};
    size_t *pl = malloc((n + 1) * sizeof *pl), np = 0;
    assert_non_null(pl);
    assert_true(nshares >= 1 && nshares <= 6);
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
        unsigned long w = 1 + rnd(wmax);
        mpz_set_ui(r->w[j], w);
        total += w;
    }
    free(pl);
    r->vote = (unsigned char)(vote >= 0 ? vote : (int)rnd(3));
    if (r->vote == VETO_I_V_OF_VOTING) {
        size_t k = rnd(nshares);
        mpq_set_ui(r->share, f[k][0], f[k][1]);
        r->of_strict = rnd(2) == 0;
    } else {
        mpz_set_ui(r->quota, 1 + rnd(total));
    }
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

/* A rule of k-of nodes over random terms (as random_term(n, wmax, -1,
 * nshares)), at most depth levels of nodes of 2 or 3 children. */
static veto_i_rule_t *random_rule(size_t n, int depth, unsigned long wmax,
                                  size_t nshares)
{
    if (depth == 0 || rnd(3) == 0) {
        return random_term(n, wmax, -1, nshares);
    }
    size_t nk = 2 + rnd(2);
    veto_i_rule_t **kids = veto_i_malloc(nk * sizeof *kids);
    assert_non_null(kids);
    for (size_t c = 0; c < nk; c++) {
        kids[c] = random_rule(n, depth - 1, wmax, nshares);
    }
    veto_i_rule_t *r = veto_i_rule_kof_make((long long)(1 + rnd(nk)), kids, nk);
    assert_non_null(r);
    return r;
}

/* A random belief: yes a/d and abstain c/d (d from 2 to 6), one in six a
 * forced vote (yes, abstain or no); no, when asked, the rest. Every
 * fraction canonical. */
static void random_belief(mpq_t yes, mpq_t ab, mpq_t no)
{
    unsigned long d = 2 + rnd(5);
    unsigned long a = rnd(d + 1), c = rnd(d + 1 - a);
    if (rnd(6) == 0) {
        a = rnd(2) ? d : 0;
        c = a == 0 && rnd(2) ? d : 0;
    }
    mpq_set_ui(yes, a, d);
    mpq_set_ui(ab, c, d);
    mpq_canonicalize(yes);
    mpq_canonicalize(ab);
    if (no != NULL) {
        mpq_set_ui(no, d - a - c, d);
        mpq_canonicalize(no);
    }
}

#endif
