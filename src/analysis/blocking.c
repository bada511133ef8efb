/*
 * blocking.c: who must join a player to block (issue 12). A coalition B
 * blocks when the players outside it cannot pass the rule: B is winning
 * in the dual game. For the defaults and each scenario, with the votes the
 * beliefs force (0 or 1) substituted first, the smallest minimal blocking
 * coalitions that contain the player: their size, their number and one of
 * them. Up to 24 players by enumeration: O(2^n n) rule evaluations.
 */
#include "analyst_i.h"
#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_MAX_N 24

/* One scenario: fixed[i] in {0, 1, -1}. */
static veto_status block_one(veto_blocking_t *out, const veto_i_rule_t *rule,
                             size_t n, size_t player, const signed char *fixed,
                             const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *sub = NULL;
    unsigned char *win = NULL, *in = NULL;
    if (n > BLOCK_MAX_N) {
        out->status = VETO_BLOCK_NOT_COMPUTED;
        return VETO_OK;
    }
    VETO_ALLOC(sub, veto_i_rule_substitute(rule, fixed));
    uint64_t ns = (uint64_t)1 << n;
    VETO_ALLOC(win, veto_i_malloc((size_t)ns));
    VETO_ALLOC(in, veto_i_calloc(n + 1, 1));
    uint64_t s = 0;
    win[0] = veto_i_rule_eval(sub, in);
    for (uint64_t k = 1; k < ns; k++) {
        size_t j = (size_t)__builtin_ctzll(k);
        s ^= (uint64_t)1 << j;
        in[j] ^= 1;
        win[s] = veto_i_rule_eval(sub, in);
        if ((k & 0xfffffu) == 0) {
            VETO_TRY(veto_i_poll(ctx, (double)k / (double)ns, "blocking",
                                 err));
        }
    }
    uint64_t free_ = 0;
    for (size_t i = 0; i < n; i++) {
        if (fixed[i] < 0) {
            free_ |= (uint64_t)1 << i;
        }
    }
    if (!win[free_]) {
        out->status = VETO_BLOCK_CANNOT_ACT;
        goto cleanup;
    }
    if (fixed[player] >= 0) {
        out->status = VETO_BLOCK_FIXED;
        goto cleanup;
    }
    uint64_t pb = (uint64_t)1 << player;
    uint64_t rest = free_ & ~pb;
    size_t best = SIZE_MAX;
    uint64_t count = 0, example = 0;
    /* every B = {player} + T, T a subset of the other free players */
    uint64_t t = 0;
    do {
        uint64_t b = t | pb;
        size_t sz = (size_t)__builtin_popcountll(b);
        if (sz <= best && !win[free_ & ~b]) {
            bool minimal = true;
            for (uint64_t r = b; r != 0 && minimal; r &= r - 1) {
                uint64_t j = r & -r;
                if (!win[free_ & ~(b & ~j)]) {
                    minimal = false;
                }
            }
            if (minimal) {
                if (sz < best) {
                    best = sz;
                    count = 0;
                    example = b;
                }
                count++;
            }
        }
        t = (t - rest) & rest;
    } while (t != 0);
    if (best == SIZE_MAX) {
        out->status = VETO_BLOCK_NONE;
        goto cleanup;
    }
    out->status = VETO_BLOCK_OK;
    out->size = best;
    mpz_set_ui(out->count, (unsigned long)(count >> 32));
    mpz_mul_2exp(out->count, out->count, 32);
    mpz_add_ui(out->count, out->count, (unsigned long)(count & 0xffffffffu));
    for (size_t i = 0; i < n; i++) {
        in[i] = (example >> i & 1u) != 0;
    }
    if (!veto_i_an_coalition(&out->example, in, n)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
cleanup:
    veto_i_rule_free(sub);
    veto_i_free(win);
    veto_i_free(in);
    return rc;
}

veto_status veto_i_blocking(veto_explanation_t *e, const veto_model_t *m,
                            const veto_i_rule_t *rule, size_t player,
                            const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = m->n;
    size_t ns = 1 + m->nscen;
    signed char *fixed = NULL;
    veto_i_rule_t *tr = NULL, *yn = NULL;
    VETO_ALLOC(e->blocking, veto_i_calloc(ns, sizeof *e->blocking));
    for (size_t s = 0; s < ns; s++) {
        mpz_init(e->blocking[s].count);
    }
    e->nblocking = ns;
    VETO_ALLOC(fixed, veto_i_mallocarray(n + 1, 1));
    for (size_t s = 0; s < ns; s++) {
        const mpq_t *bel = s == 0 ? (const mpq_t *)m->belief
                                  : (const mpq_t *)m->scen[s - 1].belief;
        for (size_t i = 0; i < n; i++) {
            fixed[i] = mpq_sgn(bel[i]) == 0            ? 0
                       : mpq_cmp_ui(bel[i], 1, 1) == 0 ? 1
                                                       : -1;
        }
        e->blocking[s].scenario = s == 0 ? NULL : m->scen[s - 1].name;
        if (!m->ternary) {
            VETO_TRY(
                block_one(&e->blocking[s], rule, n, player, fixed, ctx, err));
            continue;
        }
        /* Three-valued: a coalition blocks by voting no while everyone
         * free votes yes. Forced abstentions (recusals) first leave the
         * rule; a player with P(yes) = 0 and P(abstain) > 0 but < 1 may
         * still vote no, so only a sure no is fixed at 0. What is left is
         * a yes/no game. */
        const mpq_t *ab = s == 0 ? (const mpq_t *)m->abstain
                                 : (const mpq_t *)m->scen[s - 1].abstain;
        VETO_ALLOC(tr, veto_i_rule_copy(rule));
        for (size_t i = 0; i < n; i++) {
            if (mpq_sgn(bel[i]) == 0 && mpq_sgn(ab[i]) != 0) {
                fixed[i] = mpq_cmp_ui(ab[i], 1, 1) == 0 ? 0 : -1;
            }
            if (mpq_sgn(bel[i]) == 0 && mpq_cmp_ui(ab[i], 1, 1) == 0) {
                veto_i_rule_t *t2 = veto_i_rule_abstain(tr, i);
                veto_i_rule_free(tr);
                tr = t2;
                VETO_ALLOC(tr, tr);
            }
        }
        VETO_ALLOC(yn, veto_i_rule_yes_no(tr));
        VETO_TRY(block_one(&e->blocking[s], yn, n, player, fixed, ctx, err));
        veto_i_rule_free(tr);
        veto_i_rule_free(yn);
        tr = yn = NULL;
    }
cleanup:
    veto_i_rule_free(tr);
    veto_i_rule_free(yn);
    veto_i_free(fixed);
    return rc;
}

void veto_i_blocking_free(veto_explanation_t *e)
{
    for (size_t s = 0; s < e->nblocking; s++) {
        mpz_clear(e->blocking[s].count);
        veto_i_free(e->blocking[s].example.member);
    }
    veto_i_free(e->blocking);
    e->blocking = NULL;
    e->nblocking = 0;
}

/* ---- the list for veto FILE ------------------------------------------- */

#define LIST_MAX 50

typedef struct listed {
    uint64_t mask;
    size_t size;
} listed_t;

static int cmp_listed(const void *a, const void *b)
{
    const listed_t *p = a, *q = b;
    if (p->size != q->size) {
        return p->size < q->size ? -1 : 1;
    }
    /* players listed first in the model first: compare the lowest bits */
    uint64_t x = p->mask ^ q->mask;
    if (x == 0) {
        return 0;
    }
    uint64_t low = x & -x;
    return (p->mask & low) ? -1 : 1;
}

veto_status veto_i_min_blocking(veto_result_t *res, const veto_i_rule_t *rule,
                                size_t n, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    unsigned char *win = NULL, *in = NULL;
    listed_t list[LIST_MAX];
    size_t nlist = 0;
    if (n > BLOCK_MAX_N) {
        return VETO_OK;
    }
    uint64_t ns = (uint64_t)1 << n;
    VETO_ALLOC(win, veto_i_malloc((size_t)ns));
    VETO_ALLOC(in, veto_i_calloc(n + 1, 1));
    uint64_t s = 0;
    win[0] = veto_i_rule_eval(rule, in);
    for (uint64_t k = 1; k < ns; k++) {
        size_t j = (size_t)__builtin_ctzll(k);
        s ^= (uint64_t)1 << j;
        in[j] ^= 1;
        win[s] = veto_i_rule_eval(rule, in);
        if ((k & 0xfffffu) == 0) {
            VETO_TRY(veto_i_poll(ctx, (double)k / (double)ns, "blocking",
                                 err));
        }
    }
    VETO_ALLOC(res->blocking_by_size, veto_i_calloc(n + 1, sizeof(uint64_t)));
    uint64_t all = ns - 1;
    for (uint64_t b = 0; b < ns; b++) {
        if (win[all & ~b]) {
            continue; /* does not block */
        }
        bool minimal = true;
        for (uint64_t r = b; r != 0 && minimal; r &= r - 1) {
            if (!win[all & ~(b & ~(r & -r))]) {
                minimal = false;
            }
        }
        if (!minimal) {
            continue;
        }
        size_t sz = (size_t)__builtin_popcountll(b);
        res->blocking_by_size[sz]++;
        res->nblocking++;
        if (nlist < LIST_MAX) {
            list[nlist].mask = b;
            list[nlist++].size = sz;
        }
    }
    if (res->nblocking <= LIST_MAX) {
        qsort(list, nlist, sizeof list[0], cmp_listed);
        VETO_ALLOC(res->blocking_size,
                   veto_i_calloc(nlist + 1, sizeof(size_t)));
        VETO_ALLOC(res->blocking_member,
                   veto_i_calloc(nlist + 1, sizeof(size_t *)));
        res->nblocking_listed = nlist;
        for (size_t k = 0; k < nlist; k++) {
            VETO_ALLOC(res->blocking_member[k],
                       veto_i_calloc(list[k].size + 1, sizeof(size_t)));
            res->blocking_size[k] = list[k].size;
            size_t at = 0;
            for (size_t i = 0; i < n; i++) {
                if (list[k].mask >> i & 1u) {
                    res->blocking_member[k][at++] = i;
                }
            }
        }
    }
    res->have_blocking = true;
cleanup:
    veto_i_free(win);
    veto_i_free(in);
    return rc;
}
