/*
 * bdd_pass.c: the counting passes over a diagram: the reachable nodes,
 * down and up values (big integers, or polynomials in x packed into one
 * big integer), and the per-level sums that give a player's counts. See
 * bdd_i.h.
 */
#include "bdd_i.h"

void bdd_pass_free(bdd_pass_t *p)
{
    for (size_t t = 0; p->cnt != NULL && t <= p->T; t++) {
        if (p->D != NULL && p->D[t] != NULL) {
            for (size_t i = 0; i < p->cnt[t]; i++) {
                mpz_clear(p->D[t][i]);
            }
            veto_i_free(p->D[t]);
        }
        if (p->U != NULL && p->U[t] != NULL) {
            for (size_t i = 0; i < p->cnt[t]; i++) {
                mpz_clear(p->U[t][i]);
            }
            veto_i_free(p->U[t]);
        }
        if (p->list != NULL) {
            veto_i_free(p->list[t]);
        }
        if (p->pos != NULL) {
            veto_i_free(p->pos[t]);
        }
    }
    veto_i_free(p->cnt);
    veto_i_free(p->list);
    veto_i_free(p->pos);
    veto_i_free(p->D);
    veto_i_free(p->U);
    memset(p, 0, sizeof *p);
}

veto_status bdd_pass_reach(bdd_pass_t *p, bdd_mgr_t *g, uint32_t root,
                           uint64_t *nodes)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T;
    memset(p, 0, sizeof *p);
    p->T = T;
    VETO_ALLOC(p->cnt, veto_i_calloc(T + 1, sizeof *p->cnt));
    VETO_ALLOC(p->list, veto_i_calloc(T + 1, sizeof *p->list));
    VETO_ALLOC(p->pos, veto_i_calloc(T + 1, sizeof *p->pos));
    VETO_ALLOC(p->D, veto_i_calloc(T + 1, sizeof *p->D));
    VETO_ALLOC(p->U, veto_i_calloc(T + 1, sizeof *p->U));
    for (size_t t = 0; t <= T; t++) {
        /* leaves are values 0..n */
        size_t size = t < T ? g->lv[t].count : g->n + 2;
        VETO_ALLOC(p->pos[t], veto_i_mallocarray(size, sizeof(uint32_t)));
        memset(p->pos[t], 0xff, size * sizeof(uint32_t));
        VETO_ALLOC(p->list[t], veto_i_mallocarray(size, sizeof(uint32_t)));
    }
    p->pos[0][root] = 0;
    p->list[0][0] = root;
    p->cnt[0] = 1;
    uint64_t total = 1;
    for (size_t t = 0; t < T; t++) {
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            for (size_t j = 0; j < g->lv[t].arity; j++) {
                uint32_t c = bdd_kid(g, t, v, j);
                if (p->pos[t + 1][c] == BDD_NIL) {
                    p->pos[t + 1][c] = (uint32_t)p->cnt[t + 1];
                    p->list[t + 1][p->cnt[t + 1]++] = c;
                }
            }
        }
        total += p->cnt[t + 1];
    }
    if (nodes != NULL) {
        *nodes = total;
    }
cleanup:
    return rc;
}

/* Bytes for the down and up values of a pass: each value of level t is at
 * most (players + 1) slots of `slot` bits (or n + 1 bits unpacked, times
 * the leaf scale). */
uint64_t bdd_pass_bytes(const bdd_pass_t *p, const bdd_mgr_t *g, size_t slot,
                        size_t extra_bits)
{
    uint64_t nodes = 0;
    for (size_t t = 0; t <= p->T; t++) {
        nodes += p->cnt[t];
    }
    uint64_t bits = slot > 0 ? veto_i_sat_mul(g->n + 1, slot)
                             : (uint64_t)g->n + 2 + extra_bits;
    uint64_t per = veto_i_sat_add(sizeof(mpz_t) + 16, bits / 8 + 8);
    return veto_i_sat_mul(veto_i_sat_mul(nodes, per), 2);
}

bool bdd_alloc_vals(bdd_pass_t *p, mpz_t ***which)
{
    mpz_t **v = *which;
    for (size_t t = 0; t <= p->T; t++) {
        v[t] = veto_i_mallocarray(p->cnt[t] + 1, sizeof(mpz_t));
        if (v[t] == NULL) {
            return false;
        }
        for (size_t i = 0; i < p->cnt[t]; i++) {
            mpz_init(v[t][i]);
        }
    }
    return true;
}

/* Down values: D(leaf k) = k (BDD_LEAF_VALUE) or L / k, 0 for k = 0
 * (BDD_LEAF_INV); D(v) = sum_j C(m, j) x^j D(child_j), x = 2^slot on the
 * levels above `upto` and x = 1 below (yes votes there are not counted).
 * O(nodes * m) big-integer operations. */
veto_status bdd_pass_down(bdd_pass_t *p, bdd_mgr_t *g, size_t slot, size_t upto,
                          int leaf, const mpz_t L)
{
    size_t T = p->T;
    if (!bdd_alloc_vals(p, &p->D)) {
        return veto_i_errorf(g->err, VETO_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < p->cnt[T]; i++) {
        uint32_t k = p->list[T][i];
        if (leaf == BDD_LEAF_VALUE) {
            mpz_set_ui(p->D[T][i], k);
        } else if (k > 0) {
            mpz_divexact_ui(p->D[T][i], L, k);
        }
    }
    for (size_t t = T; t-- > 0;) {
        veto_status rc = veto_i_poll(g->ctx, 0.5 * (double)(T - t) / (double)T,
                                     BDD_STAGE, g->err);
        if (rc != VETO_OK) {
            return rc;
        }
        bdd_lvl_t *Lv = &g->lv[t];
        size_t sl = t < upto ? slot : 0;
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            mpz_ptr acc = p->D[t][i];
            mpz_set_ui(acc, 0);
            for (size_t j = Lv->arity; j-- > 0;) {
                mpz_mul_2exp(acc, acc, sl);
                uint32_t c = p->pos[t + 1][bdd_kid(g, t, v, j)];
                mpz_addmul(acc, g->binom[t][j], p->D[t + 1][c]);
            }
        }
    }
    return VETO_OK;
}

/* Up values: U(root) = 1, U(child_j) += C(m, j) x^j U(v), through the
 * levels above `upto` only. */
veto_status bdd_pass_up(bdd_pass_t *p, bdd_mgr_t *g, size_t slot, size_t upto)
{
    size_t T = p->T < upto ? p->T : upto;
    if (!bdd_alloc_vals(p, &p->U)) {
        return veto_i_errorf(g->err, VETO_ENOMEM, "out of memory");
    }
    mpz_t tmp;
    mpz_init(tmp);
    mpz_set_ui(p->U[0][0], 1);
    for (size_t t = 0; t < T; t++) {
        veto_status rc = veto_i_poll(g->ctx, 0.5 + 0.5 * (double)t / (double)T,
                                     BDD_STAGE, g->err);
        if (rc != VETO_OK) {
            mpz_clear(tmp);
            return rc;
        }
        bdd_lvl_t *Lv = &g->lv[t];
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            for (size_t j = 0; j < Lv->arity; j++) {
                uint32_t c = p->pos[t + 1][bdd_kid(g, t, v, j)];
                mpz_mul(tmp, p->U[t][i], g->binom[t][j]);
                mpz_mul_2exp(tmp, tmp, j * slot);
                mpz_add(p->U[t + 1][c], p->U[t + 1][c], tmp);
            }
        }
    }
    mpz_clear(tmp);
    return VETO_OK;
}

/* Q = sum over nodes v of level t of U(v) * E(v), for one player of the
 * level's type:
 *   BDD_E_SWING:  E(v) = sum_{j<m} C(m-1, j) x^j (D(child_{j+1}) - D(child_j)),
 *             the other players of the type casting j yes votes while the
 *             one player turns the outcome (the difference is >= 0
 *             coefficient by coefficient because the rule is monotone);
 *   BDD_E_MEMBER: E(v) = sum_{j>=1} C(m-1, j-1) x^j D(child_j), the player
 *             among the j yes votes. */
void bdd_pass_level(const bdd_pass_t *p, const bdd_mgr_t *g, size_t t,
                    size_t slot, int kind, mpz_t Q)
{
    const bdd_lvl_t *Lv = &g->lv[t];
    size_t m = Lv->m;
    mpz_t E, d;
    mpz_init(E);
    mpz_init(d);
    mpz_set_ui(Q, 0);
    for (size_t i = 0; i < p->cnt[t]; i++) {
        uint32_t v = p->list[t][i];
        mpz_set_ui(E, 0);
        if (kind == BDD_E_SWING) {
            for (size_t j = m; j-- > 0;) {
                mpz_mul_2exp(E, E, slot);
                mpz_srcptr hi =
                    p->D[t + 1][p->pos[t + 1][bdd_kid(g, t, v, j + 1)]];
                mpz_srcptr lo = p->D[t + 1][p->pos[t + 1][bdd_kid(g, t, v, j)]];
                mpz_sub(d, hi, lo);
                mpz_addmul(E, g->binom1[t][j], d);
            }
        } else {
            for (size_t j = m; j >= 1; j--) {
                mpz_mul_2exp(E, E, slot);
                mpz_srcptr dj = p->D[t + 1][p->pos[t + 1][bdd_kid(g, t, v, j)]];
                mpz_addmul(E, g->binom1[t][j - 1], dj);
            }
            mpz_mul_2exp(E, E, slot);
        }
        mpz_addmul(Q, p->U[t][i], E);
    }
    mpz_clear(E);
    mpz_clear(d);
}

/* Coefficient k of a packed polynomial. */
void bdd_unpack(mpz_t out, const mpz_t packed, size_t k, size_t slot)
{
    mpz_fdiv_q_2exp(out, packed, k * slot);
    mpz_fdiv_r_2exp(out, out, slot);
}

/* Free value arrays [T + 1][cnt] made by bdd_alloc_vals outside a bdd_pass_t.
 */
void bdd_vals_free(const bdd_pass_t *p, mpz_t **v)
{
    for (size_t t = 0; v != NULL && t <= p->T; t++) {
        if (v[t] != NULL) {
            for (size_t i = 0; i < p->cnt[t]; i++) {
                mpz_clear(v[t][i]);
            }
            veto_i_free(v[t]);
        }
    }
    veto_i_free(v);
}
