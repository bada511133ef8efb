/*
 * bdd_beliefs.c: veto_i_bdd_beliefs, P(act) and P(decisive) under
 * independent beliefs, by the same down / up passes with binomial
 * probabilities, in doubles or exact rationals. See bdd_i.h.
 */
#include "bdd_i.h"

#include <math.h>

/* P(j yes of m) for a yes-probability p, in doubles, through logarithms so
 * that C(m, j) never overflows. */
double bdd_binom_pmf(size_t m, size_t j, double p)
{
    if (p <= 0.0) {
        return j == 0 ? 1.0 : 0.0;
    }
    if (p >= 1.0) {
        return j == m ? 1.0 : 0.0;
    }
    double l = lgamma((double)m + 1) - lgamma((double)j + 1) -
               lgamma((double)(m - j) + 1) + (double)j * log(p) +
               (double)(m - j) * log1p(-p);
    return exp(l);
}

/* Exact P(j yes of m): C(m, j) p^j (1-p)^(m-j). */
static void binom_pmf_q(mpq_t out, size_t m, size_t j, const mpq_t p,
                        const mpq_t p1)
{
    mpq_t a;
    mpq_init(a);
    mpz_bin_uiui(mpq_numref(out), m, j);
    mpz_set_ui(mpq_denref(out), 1);
    mpz_pow_ui(mpq_numref(a), mpq_numref(p), j);
    mpz_pow_ui(mpq_denref(a), mpq_denref(p), j);
    mpq_mul(out, out, a);
    mpz_pow_ui(mpq_numref(a), mpq_numref(p1), m - j);
    mpz_pow_ui(mpq_denref(a), mpq_denref(p1), m - j);
    mpq_mul(out, out, a);
    mpq_clear(a);
}

/* P(j yes of m), j = 0..m, for one level's belief: into P, and into Pq
 * when exact (pq, pq1 are scratch for the belief and 1 minus it). */
static void level_pmf(double *P, mpq_t *Pq, size_t m, mpq_srcptr bel,
                      bool exact, mpq_t pq, mpq_t pq1)
{
    double pd = mpq_get_d(bel);
    if (exact) {
        mpq_set(pq, bel);
        mpq_set_ui(pq1, 1, 1);
        mpq_sub(pq1, pq1, pq);
    }
    for (size_t j = 0; j <= m; j++) {
        P[j] = bdd_binom_pmf(m, j, pd);
        if (exact) {
            binom_pmf_q(Pq[j], m, j, pq, pq1);
        }
    }
}

typedef struct bpass {
    double **D, **U;  /* [T + 1][cnt] */
    mpq_t **Dq, **Uq; /* when exact */
} bpass_t;

veto_status veto_i_bdd_beliefs(veto_i_beliefs_t *out, const veto_i_rule_t *r,
                               size_t n, const mpq_t *belief, bool exact,
                               const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bdd_mgr_t g;
    uint32_t f = BDD_NIL;
    bdd_pass_t p = {0};
    bpass_t b = {0};
    double *P = NULL, *P1 = NULL;
    mpq_t *Pq = NULL, *P1q = NULL;
    size_t maxa = 0;
    mpq_t pq, pq1, tq, dq, acc;
    mpq_init(pq);
    mpq_init(pq1);
    mpq_init(tq);
    mpq_init(dq);
    mpq_init(acc);
    memset(&g, 0, sizeof g);
    VETO_TRY(bdd_mgr_build(&g, &f, r, n, belief, ctx, err));
    VETO_TRY(bdd_pass_reach(&p, &g, f, NULL));
    size_t T = g.T;
    uint64_t nodes = 0;
    for (size_t t = 0; t <= T; t++) {
        nodes += p.cnt[t];
    }
    uint64_t per = exact ? sizeof(mpq_t) * 2 + 2 * 8 * (uint64_t)(n + 2)
                         : sizeof(double) * 2;
    VETO_TRY(veto_i_budget_check(
        ctx, veto_i_sat_add(g.bytes, veto_i_sat_mul(nodes, per)),
        "beliefs on the decision diagram", BDD_ADVICE, err));
    for (size_t t = 0; t < T; t++) {
        if (g.lv[t].arity > maxa) {
            maxa = g.lv[t].arity;
        }
    }
    VETO_ALLOC(P, veto_i_mallocarray(maxa + 1, sizeof *P));
    VETO_ALLOC(P1, veto_i_mallocarray(maxa + 1, sizeof *P1));
    VETO_ALLOC(b.D, veto_i_calloc(T + 1, sizeof *b.D));
    VETO_ALLOC(b.U, veto_i_calloc(T + 1, sizeof *b.U));
    for (size_t t = 0; t <= T; t++) {
        VETO_ALLOC(b.D[t], veto_i_calloc(p.cnt[t] + 1, sizeof(double)));
        VETO_ALLOC(b.U[t], veto_i_calloc(p.cnt[t] + 1, sizeof(double)));
    }
    if (exact) {
        VETO_ALLOC(Pq, veto_i_mallocarray(maxa + 1, sizeof *Pq));
        P1q = veto_i_mallocarray(maxa + 1, sizeof *P1q);
        if (P1q == NULL) {
            veto_i_free(Pq);
            Pq = NULL;
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j <= maxa; j++) {
            mpq_init(Pq[j]);
            mpq_init(P1q[j]);
        }
        VETO_ALLOC(b.Dq, veto_i_calloc(T + 1, sizeof *b.Dq));
        VETO_ALLOC(b.Uq, veto_i_calloc(T + 1, sizeof *b.Uq));
        for (size_t t = 0; t <= T; t++) {
            VETO_ALLOC(b.Dq[t],
                       veto_i_mallocarray(p.cnt[t] + 1, sizeof(mpq_t)));
            for (size_t i = 0; i <= p.cnt[t]; i++) {
                mpq_init(b.Dq[t][i]);
            }
            VETO_ALLOC(b.Uq[t],
                       veto_i_mallocarray(p.cnt[t] + 1, sizeof(mpq_t)));
            for (size_t i = 0; i <= p.cnt[t]; i++) {
                mpq_init(b.Uq[t][i]);
            }
        }
    }
    /* Down: probability that the levels from here down make the rule pass. */
    for (size_t i = 0; i < p.cnt[T]; i++) {
        b.D[T][i] = (double)p.list[T][i];
        if (exact) {
            mpq_set_ui(b.Dq[T][i], p.list[T][i], 1);
        }
    }
    for (size_t t = T; t-- > 0;) {
        VETO_TRY(veto_i_poll(ctx, 0.5 * (double)(T - t) / (double)T, BDD_STAGE,
                             err));
        size_t m = g.lv[t].m;
        level_pmf(P, Pq, m, belief[g.order[g.first[t]]], exact, pq, pq1);
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            double s = 0.0;
            if (exact) {
                mpq_set_ui(acc, 0, 1);
            }
            for (size_t j = 0; j <= m; j++) {
                uint32_t c = p.pos[t + 1][bdd_kid(&g, t, v, j)];
                s += P[j] * b.D[t + 1][c];
                if (exact && mpq_sgn(Pq[j]) != 0 &&
                    mpq_sgn(b.Dq[t + 1][c]) != 0) {
                    mpq_mul(tq, Pq[j], b.Dq[t + 1][c]);
                    mpq_add(acc, acc, tq);
                }
            }
            b.D[t][i] = s;
            if (exact) {
                mpq_set(b.Dq[t][i], acc);
            }
        }
    }
    /* Up: probability of reaching each node; decisiveness per level. */
    b.U[0][0] = 1.0;
    if (exact) {
        mpq_set_ui(b.Uq[0][0], 1, 1);
    }
    for (size_t t = 0; t < T; t++) {
        VETO_TRY(veto_i_poll(ctx, 0.5 + 0.5 * (double)t / (double)T, BDD_STAGE,
                             err));
        size_t m = g.lv[t].m;
        mpq_srcptr bel = belief[g.order[g.first[t]]];
        level_pmf(P, Pq, m, bel, exact, pq, pq1);
        if (m > 0) {
            level_pmf(P1, P1q, m - 1, bel, exact, pq, pq1);
        }
        double dec = 0.0;
        mpq_set_ui(dq, 0, 1);
        for (size_t i = 0; i < p.cnt[t]; i++) {
            uint32_t v = p.list[t][i];
            double e = 0.0;
            if (exact) {
                mpq_set_ui(acc, 0, 1);
            }
            for (size_t j = 0; j <= m; j++) {
                uint32_t c = p.pos[t + 1][bdd_kid(&g, t, v, j)];
                b.U[t + 1][c] += b.U[t][i] * P[j];
                if (exact && mpq_sgn(Pq[j]) != 0) {
                    mpq_mul(tq, b.Uq[t][i], Pq[j]);
                    mpq_add(b.Uq[t + 1][c], b.Uq[t + 1][c], tq);
                }
                if (j < m) {
                    uint32_t c1 = p.pos[t + 1][bdd_kid(&g, t, v, j + 1)];
                    e += P1[j] * (b.D[t + 1][c1] - b.D[t + 1][c]);
                    if (exact && mpq_sgn(P1q[j]) != 0 && c1 != c) {
                        mpq_sub(tq, b.Dq[t + 1][c1], b.Dq[t + 1][c]);
                        mpq_mul(tq, tq, P1q[j]);
                        mpq_add(acc, acc, tq);
                    }
                }
            }
            dec += b.U[t][i] * e;
            if (exact) {
                mpq_mul(acc, acc, b.Uq[t][i]);
                mpq_add(dq, dq, acc);
            }
        }
        for (size_t k = g.first[t]; k < g.first[t + 1]; k++) {
            size_t pl = g.order[k];
            if (exact) {
                mpq_set(out->p_dec_q[pl], dq);
                out->p_dec[pl] = mpq_get_d(dq);
            } else {
                out->p_dec[pl] = dec;
            }
        }
    }
    if (exact) {
        mpq_set(out->p_act_q, b.Dq[0][0]);
        out->p_act = mpq_get_d(out->p_act_q);
    } else {
        out->p_act = b.D[0][0];
    }

cleanup:
    if (b.D != NULL || b.U != NULL || b.Dq != NULL || b.Uq != NULL) {
        for (size_t t = 0; t <= g.T && p.cnt != NULL; t++) {
            if (b.D != NULL) {
                veto_i_free(b.D[t]);
            }
            if (b.U != NULL) {
                veto_i_free(b.U[t]);
            }
            if (b.Dq != NULL && b.Dq[t] != NULL) {
                for (size_t i = 0; i <= p.cnt[t]; i++) {
                    mpq_clear(b.Dq[t][i]);
                }
                veto_i_free(b.Dq[t]);
            }
            if (b.Uq != NULL && b.Uq[t] != NULL) {
                for (size_t i = 0; i <= p.cnt[t]; i++) {
                    mpq_clear(b.Uq[t][i]);
                }
                veto_i_free(b.Uq[t]);
            }
        }
    }
    veto_i_free(b.D);
    veto_i_free(b.U);
    veto_i_free(b.Dq);
    veto_i_free(b.Uq);
    if (Pq != NULL && P1q != NULL) {
        for (size_t j = 0; j <= maxa; j++) {
            mpq_clear(Pq[j]);
            mpq_clear(P1q[j]);
        }
    }
    veto_i_free(Pq);
    veto_i_free(P1q);
    veto_i_free(P);
    veto_i_free(P1);
    bdd_pass_free(&p);
    bdd_mgr_free(&g);
    mpq_clear(pq);
    mpq_clear(pq1);
    mpq_clear(tq);
    mpq_clear(dq);
    mpq_clear(acc);
    return rc;
}
