/*
 * bdd_walk.c: when the levels are in desirability order, Johnston and
 * the minimal winning coalitions in one walk of the rule's diagram. See
 * bdd_i.h.
 */
#include "bdd_i.h"

/* Are the levels of f in desirability order: removing a player of level s
 * never hurts less than removing one of level s + 1, that is
 * f(c - e_s) <= f(c - e_{s+1}) whenever both are present? Checked on the
 * two levels' sub-diagrams below every node of level s (desirability is
 * transitive, so adjacent levels suffice). */
bool bdd_ordered_levels(bdd_mgr_t *g, const bdd_pass_t *p)
{
    for (size_t s = 0; s + 1 < g->T; s++) {
        size_t m0 = g->lv[s].m, m1 = g->lv[s + 1].m;
        for (size_t i = 0; i < p->cnt[s]; i++) {
            uint32_t v = p->list[s][i];
            for (size_t j = 1; j <= m0; j++) {
                uint32_t lo = bdd_kid(g, s, v, j - 1), hi = bdd_kid(g, s, v, j);
                for (size_t k = 1; k <= m1; k++) {
                    if (!bdd_leq(g, s + 2, bdd_kid(g, s + 1, lo, k),
                                 bdd_kid(g, s + 1, hi, k - 1))) {
                        return false;
                    }
                }
            }
        }
    }
    return true;
}

/* Johnston when the levels are in desirability order (checked by the
 * caller: removing a player of level t never hurts less than removing one
 * of level t + 1). Then the players of one level of a winning S are all
 * critical or none (they are interchangeable), and the critical players of
 * S are exactly its players on the levels down to the last critical one,
 * L, so c(S) is the number of yes votes on levels 0..L. Let r be the first
 * level after L where S has a yes vote. L is the last critical level iff
 * f(S - e_L) = 0 and (no such r: f(S) = 1; else f(S - e_r) = 1): removing
 * a player of r does not hurt, hence (order) neither does removing a
 * player of any later level.
 *
 * One walk of f counts every S once, at its L. Below L only totals matter,
 * and by the order f(S - e_L) <= f(S - e_r) <= f(S) pointwise, so the
 * completions of a pair (a = S so far, b = S - e_L so far) number
 * X(a) - Y(b) with the scalars
 *   X(v) = X(child_0) + sum_{j>=1} C(m, j) D(child_{j-1})   (S - e_r wins),
 *   Y(v) = Y(child_0) + sum_{j>=1} C(m, j) D(child_j)       (S - e_L wins),
 * X = Y = the leaf value at the bottom (no r), D the winning counts. On the
 * levels down to L sizes are packed, x marking a yes vote:
 *   Z(v) = sum_j C(m, j) x^j W_j(v),
 *   W_j(v) = Z(child_j) + [j >= 1] (X(child_j) - Y(child_{j-1})),
 * Z = 0 at the leaves (L must exist): W_j(v) counts the completions of the
 * levels below v with L at or below v's level. A player of level t is then
 * critical, in S of c(S) = k, sum_v U(v) sum_{j>=1} C(m-1, j-1) x^j W_j(v)
 * times at coefficient k, U the packed up values; weighted by lcm / k.
 *
 * Minimal winning coalitions are the same walk with L the last level where
 * S votes yes: S is minimal iff f(S) = 1 and f(S - e_L) = 0 (a player of
 * an earlier level is at least as desirable), so X = Y = M, the leaf at
 * the end of the all-no path (Zm from M as Z from X, Y). Fills what `need`
 * asks of jo_sum[] (NEED_JOHNSTON), mwc_total and mwc[] (NEED_MWC) and
 * dpi_sum[] (NEED_DPI, coefficient k weighted by 1/k), sharing the up
 * pass, without the diagrams CRIT_s or of the minimal count vectors.
 * Cost: the scalar passes O(N * m) additions of n-bit numbers, the packed
 * ones O(N * m) shifts and additions of n^2-bit numbers and N
 * multiplications, N the nodes of f: about one Shapley-Shubik count. */
veto_status bdd_prefix_walk(veto_i_counts_t *out, bdd_mgr_t *g, uint32_t f,
                            unsigned need)
{
    veto_status rc = VETO_OK;
    veto_error_t *err = g->err;
    size_t T = g->T, n = g->n;
    bool jo = (need & VETO_I_NEED_JOHNSTON) != 0;
    bool mw = (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) != 0;
    bool dpi = (need & VETO_I_NEED_DPI) != 0;
    /* plain totals (slot 0) when no count by size is asked */
    size_t slot = jo || dpi ? n + 2 : 0;
    bdd_pass_t p = {0};
    /* X, Y, Z: Johnston; M (the all-no leaf), Zm: minimal coalitions */
    mpz_t **X = NULL, **Y = NULL, **Z = NULL, **M = NULL, **Zm = NULL;
    mpz_t Q, Qm, E, Em, w, c, d, L;
    mpq_t q;
    mpq_init(q);
    mpz_init(L);
    mpz_init(Q);
    mpz_init(Qm);
    mpz_init(E);
    mpz_init(Em);
    mpz_init(w);
    mpz_init(c);
    mpz_init(d);
    VETO_TRY(bdd_pass_reach(&p, g, f, NULL));
    VETO_TRY(veto_i_budget_check(
        g->ctx,
        veto_i_sat_add(
            g->bytes,
            veto_i_sat_add(veto_i_sat_mul(bdd_pass_bytes(&p, g, slot, 0),
                                          (jo && mw) ? 3 : 2),
                           veto_i_sat_mul(bdd_pass_bytes(&p, g, 0, 0), 2))),
        "Johnston and minimal coalition counts by size", BDD_ADVICE, err));
    VETO_ALLOC(X, veto_i_calloc(T + 1, sizeof *X));
    VETO_ALLOC(Y, veto_i_calloc(T + 1, sizeof *Y));
    VETO_ALLOC(Z, veto_i_calloc(T + 1, sizeof *Z));
    VETO_ALLOC(M, veto_i_calloc(T + 1, sizeof *M));
    VETO_ALLOC(Zm, veto_i_calloc(T + 1, sizeof *Zm));
    if (jo) {
        /* Every 1/c with c <= n becomes an integer L/c. */
        mpz_set_ui(L, 1);
        for (unsigned long k = 2; k <= n; k++) {
            mpz_lcm_ui(L, L, k);
        }
        VETO_TRY(bdd_pass_down(&p, g, 0, 0, BDD_LEAF_VALUE, L));
        if (!bdd_alloc_vals(&p, &X) || !bdd_alloc_vals(&p, &Y) ||
            !bdd_alloc_vals(&p, &Z)) {
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (mw && (!bdd_alloc_vals(&p, &M) || !bdd_alloc_vals(&p, &Zm))) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < p.cnt[T]; i++) {
        if (jo) {
            mpz_set_ui(X[T][i], p.list[T][i]);
            mpz_set_ui(Y[T][i], p.list[T][i]);
        }
        if (mw) {
            mpz_set_ui(M[T][i], p.list[T][i]);
        }
    }
    for (size_t t = T; t-- > 0;) {
        VETO_TRY(veto_i_poll(g->ctx, 0.5 * (double)(T - t) / (double)T,
                             BDD_STAGE, err));
        const bdd_lvl_t *Lv = &g->lv[t];
        const uint32_t *pos = p.pos[t + 1];
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            uint32_t c0 = pos[bdd_kid(g, t, v, 0)];
            if (jo) {
                mpz_t *D1 = p.D[t + 1], *X1 = X[t + 1], *Y1 = Y[t + 1];
                mpz_t *Z1 = Z[t + 1];
                mpz_set(X[t][i], X1[c0]);
                mpz_set(Y[t][i], Y1[c0]);
                mpz_ptr z = Z[t][i];
                mpz_set_ui(z, 0);
                for (size_t j = Lv->arity; j-- > 1;) {
                    mpz_mul_2exp(z, z, slot);
                    uint32_t cj = pos[bdd_kid(g, t, v, j)];
                    uint32_t cp = pos[bdd_kid(g, t, v, j - 1)];
                    mpz_addmul(X[t][i], g->binom[t][j], D1[cp]);
                    mpz_addmul(Y[t][i], g->binom[t][j], D1[cj]);
                    mpz_add(d, Z1[cj], X1[cj]);
                    mpz_sub(d, d, Y1[cp]);
                    mpz_addmul(z, g->binom[t][j], d);
                }
                mpz_mul_2exp(z, z, slot);
                mpz_add(z, z, Z1[c0]); /* C(m, 0) = 1 */
            }
            if (mw) {
                mpz_t *M1 = M[t + 1], *Z1 = Zm[t + 1];
                mpz_set(M[t][i], M1[c0]);
                mpz_ptr z = Zm[t][i];
                mpz_set_ui(z, 0);
                for (size_t j = Lv->arity; j-- > 1;) {
                    mpz_mul_2exp(z, z, slot);
                    uint32_t cj = pos[bdd_kid(g, t, v, j)];
                    uint32_t cp = pos[bdd_kid(g, t, v, j - 1)];
                    mpz_add(d, Z1[cj], M1[cj]);
                    mpz_sub(d, d, M1[cp]);
                    mpz_addmul(z, g->binom[t][j], d);
                }
                mpz_mul_2exp(z, z, slot);
                mpz_add(z, z, Z1[c0]);
            }
        }
    }
    if (mw) {
        /* the empty coalition, when it wins, is the one minimal one */
        mpz_set(out->mwc_total, M[0][0]);
        for (size_t k = 0; k <= n && slot > 0; k++) {
            bdd_unpack(c, Zm[0][0], k, slot);
            mpz_add(out->mwc_total, out->mwc_total, c);
        }
        if (slot == 0) {
            mpz_add(out->mwc_total, out->mwc_total, Zm[0][0]);
        }
    }
    VETO_TRY(bdd_pass_up(&p, g, slot, SIZE_MAX));
    for (size_t t = 0; t < T; t++) {
        const bdd_lvl_t *Lv = &g->lv[t];
        const uint32_t *pos = p.pos[t + 1];
        mpz_set_ui(Q, 0);
        mpz_set_ui(Qm, 0);
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            mpz_set_ui(E, 0);
            mpz_set_ui(Em, 0);
            for (size_t j = Lv->m; j >= 1; j--) {
                uint32_t cj = pos[bdd_kid(g, t, v, j)];
                uint32_t cp = pos[bdd_kid(g, t, v, j - 1)];
                if (jo) {
                    mpz_mul_2exp(E, E, slot);
                    mpz_add(d, Z[t + 1][cj], X[t + 1][cj]);
                    mpz_sub(d, d, Y[t + 1][cp]);
                    mpz_addmul(E, g->binom1[t][j - 1], d);
                }
                if (mw) {
                    mpz_mul_2exp(Em, Em, slot);
                    mpz_add(d, Zm[t + 1][cj], M[t + 1][cj]);
                    mpz_sub(d, d, M[t + 1][cp]);
                    mpz_addmul(Em, g->binom1[t][j - 1], d);
                }
            }
            if (jo) {
                mpz_mul_2exp(E, E, slot);
                mpz_addmul(Q, p.U[t][i], E);
            }
            if (mw) {
                mpz_mul_2exp(Em, Em, slot);
                mpz_addmul(Qm, p.U[t][i], Em);
            }
        }
        size_t rep = g->order[g->first[t]];
        if (mw && slot == 0) {
            mpz_set(out->mwc[rep], Qm);
        } else if (mw) {
            mpz_set_ui(out->mwc[rep], 0);
            if (dpi) {
                mpq_set_ui(out->dpi_sum[rep], 0, 1);
            }
            for (size_t k = 1; k <= n; k++) {
                bdd_unpack(c, Qm, k, slot);
                if (dpi) {
                    bdd_set_mwc_k(out, g, t, k, c);
                }
                if (mpz_sgn(c) == 0) {
                    continue;
                }
                mpz_add(out->mwc[rep], out->mwc[rep], c);
                if (dpi) {
                    mpq_set_z(q, c);
                    mpz_mul_ui(mpq_denref(q), mpq_denref(q), k);
                    mpq_canonicalize(q);
                    mpq_add(out->dpi_sum[rep], out->dpi_sum[rep], q);
                }
            }
        }
        if (jo) {
            mpz_set_ui(E, 0);
            for (size_t k = 1; k <= n; k++) {
                bdd_unpack(c, Q, k, slot);
                if (mpz_sgn(c) != 0) {
                    mpz_divexact_ui(w, L, k);
                    mpz_addmul(E, c, w);
                }
            }
            mpq_ptr r = out->jo_sum[rep];
            mpz_set(mpq_numref(r), E);
            mpz_set(mpq_denref(r), L);
            mpq_canonicalize(r);
        }
        for (size_t k = g->first[t] + 1; k < g->first[t + 1]; k++) {
            size_t i = g->order[k];
            if (mw) {
                mpz_set(out->mwc[i], out->mwc[rep]);
            }
            if (dpi) {
                mpq_set(out->dpi_sum[i], out->dpi_sum[rep]);
            }
            if (jo) {
                mpq_set(out->jo_sum[i], out->jo_sum[rep]);
            }
        }
    }
cleanup:
    bdd_vals_free(&p, X);
    bdd_vals_free(&p, Y);
    bdd_vals_free(&p, Z);
    bdd_vals_free(&p, M);
    bdd_vals_free(&p, Zm);
    bdd_pass_free(&p);
    mpq_clear(q);
    mpz_clear(L);
    mpz_clear(Q);
    mpz_clear(Qm);
    mpz_clear(E);
    mpz_clear(Em);
    mpz_clear(w);
    mpz_clear(c);
    mpz_clear(d);
    return rc;
}
