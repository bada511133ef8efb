/*
 * random_rule.h: random yes/no rules for the differential tests that hold
 * the engines to enumeration (test_bdd.c, test_blocs.c; test_dp.c takes
 * only the stream, so the rule makers are `inline`, which keeps them quiet
 * where unused): a splitmix64 stream, a normalised term from players,
 * weights and a quota, and a random and / or / k-of tree of terms whose
 * shape each test sets (random_shape_t), so that one generator draws
 * every test's cases.
 * Include it after cmocka.h.
 */
#ifndef VETO_RANDOM_RULE_H
#define VETO_RANDOM_RULE_H

#include <stdint.h>

#include "rule/rule_i.h"

static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned rnd(uint64_t *s, unsigned bound)
{
    return (unsigned)(next_u64(s) % bound);
}

/* A normalised term over the players p[0..len) (increasing) with weights
 * w and quota q (may fold to a constant). */
static inline veto_i_rule_t *term(size_t len, const size_t *p,
                                  const unsigned long *w, unsigned long q)
{
    veto_i_rule_t *r = veto_i_rule_term_new(len);
    assert_non_null(r);
    for (size_t j = 0; j < len; j++) {
        r->player[j] = p[j];
        mpz_set_ui(r->w[j], w[j]);
    }
    mpz_set_ui(r->quota, q);
    assert_true(veto_i_rule_term_finish(r));
    return r;
}

/* The shape of random_rule's trees: a node is a term with probability
 * leaf_pct % (always at depth 0); a term keeps each player with
 * probability 30 + rnd(keep_span) %, and its weights follow one of
 * nstyles styles: all 1 where wmax[style] is 1, else 1..wmax[style]; a
 * k-of node has 2 + rnd(kids_span) children. */
typedef struct random_shape {
    unsigned leaf_pct;
    unsigned keep_span;
    unsigned nstyles;
    unsigned long wmax[4];
    unsigned kids_span;
} random_shape_t;

/* A random and / or / k-of tree of random terms over n players (n <=
 * 32). */
static inline veto_i_rule_t *
random_rule_shaped(uint64_t *s, const random_shape_t *sh, size_t n, int depth)
{
    if (depth == 0 || rnd(s, 100) < sh->leaf_pct) {
        size_t p[32];
        unsigned long w[32], total = 0;
        size_t len = 0;
        unsigned style = rnd(s, sh->nstyles);
        unsigned keep = 30 + rnd(s, sh->keep_span);
        unsigned long wmax = sh->wmax[style];
        assert_true(n <= 32);
        for (size_t i = 0; i < n; i++) {
            if (rnd(s, 100) < keep) {
                p[len] = i;
                w[len] = wmax == 1 ? 1 : 1 + rnd(s, (unsigned)wmax);
                total += w[len];
                len++;
            }
        }
        if (len == 0) {
            p[0] = rnd(s, (unsigned)n);
            w[0] = 1;
            total = 1;
            len = 1;
        }
        return term(len, p, w, 1 + rnd(s, (unsigned)total));
    }
    size_t nk = 2 + rnd(s, sh->kids_span);
    veto_i_rule_t **kids = veto_i_mallocarray(nk, sizeof *kids);
    assert_non_null(kids);
    for (size_t i = 0; i < nk; i++) {
        kids[i] = random_rule_shaped(s, sh, n, depth - 1);
    }
    long long k = 1 + rnd(s, (unsigned)nk);
    veto_i_rule_t *r = veto_i_rule_kof_make(k, kids, nk);
    assert_non_null(r);
    return r;
}

#endif
