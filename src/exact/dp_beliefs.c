/*
 * dp_beliefs.c: P(act) and each player's P(decisive) under independent
 * beliefs on a weighted game: doubles by convex combinations, or exact
 * rationals by an integer polynomial and exact division.
 */
#include "dp_i.h"

#include <string.h>

/* ---- beliefs ------------------------------------------------------------- */

/* dist (length L, the last entry a bucket for "L - 1 or more") times the
 * player (1 - pr) + pr x^w. Convex combinations: no cancellation. */
static void dist_mul(double *a, size_t L, size_t w, double pr)
{
    size_t top = L - 1;
    if (w >= L) {
        /* every yes vote jumps into the bucket */
        double moved = 0;
        for (size_t t = 0; t < top; t++) {
            moved += a[t] * pr;
            a[t] *= 1 - pr;
        }
        a[top] += moved;
        return;
    }
    double into = 0;
    for (size_t t = top - w; t < top; t++) {
        into += a[t];
    }
    a[top] += pr * into;
    for (size_t t = top; t-- > w;) {
        a[t] = (1 - pr) * a[t] + pr * a[t - w];
    }
    for (size_t t = w < top ? w : top; t-- > 0;) {
        a[t] *= 1 - pr;
    }
}

typedef struct bel_free {
    size_t *idx;   /* [f] original index */
    size_t *w;     /* [f] reduced weights */
    double *pr;    /* [f] */
    size_t qf;     /* the quota the free players face, >= 1 here */
    double *p_dec; /* output, by original index */
    double *work;  /* (levels) * qf scratch */
} bel_free_t;

/* others: distribution (truncated at qf, no bucket needed below qf) of the
 * free players outside [lo, hi). Depth O(log f), O(qf) per level. */
static void bel_rec(bel_free_t *bf, size_t lo, size_t hi, const double *others,
                    size_t level)
{
    size_t qf = bf->qf;
    if (hi - lo == 1) {
        size_t w = bf->w[lo];
        double s = 0;
        for (size_t t = qf > w ? qf - w : 0; t < qf; t++) {
            s += others[t];
        }
        bf->p_dec[bf->idx[lo]] = s;
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    double *buf = bf->work + level * qf;
    /* left half: multiply in the right half; truncation at qf is exact for
     * the entries below qf (weights only add) */
    memcpy(buf, others, qf * sizeof *buf);
    for (size_t x = mid; x < hi; x++) {
        size_t w = bf->w[x];
        double pr = bf->pr[x];
        for (size_t t = qf; t-- > w;) {
            buf[t] = (1 - pr) * buf[t] + pr * buf[t - w];
        }
        for (size_t t = (w < qf ? w : qf); t-- > 0;) {
            buf[t] *= 1 - pr;
        }
    }
    bel_rec(bf, lo, mid, buf, level + 1);
    memcpy(buf, others, qf * sizeof *buf);
    for (size_t x = lo; x < mid; x++) {
        size_t w = bf->w[x];
        double pr = bf->pr[x];
        for (size_t t = qf; t-- > w;) {
            buf[t] = (1 - pr) * buf[t] + pr * buf[t - w];
        }
        for (size_t t = (w < qf ? w : qf); t-- > 0;) {
            buf[t] *= 1 - pr;
        }
    }
    bel_rec(bf, mid, hi, buf, level + 1);
}

veto_status veto_i_dp_beliefs(veto_i_beliefs_t *out, const veto_i_wgame_t *g,
                              const mpq_t *belief, bool exact,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    rgame_t rg;
    memset(&rg, 0, sizeof rg);
    size_t *fidx = NULL, *fw = NULL;
    double *fpr = NULL, *dist = NULL, *work = NULL;
    mpz_t *P = NULL, *G = NULL;
    size_t Plen = 0, Glen = 0;
    mpz_t B, num, a, bma, tmp;
    mpq_t qv;
    mpz_inits(B, num, a, bma, tmp, NULL);
    mpq_init(qv);
    size_t n = g->n;
    if (out->n != n || (exact && out->p_dec_q == NULL)) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "dp: beliefs not initialised for this game");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        if (mpq_sgn(belief[i]) < 0 || mpq_cmp_ui(belief[i], 1, 1) > 0) {
            rc = veto_i_errorf(err, VETO_EINVAL,
                               "belief of player %zu is not in [0, 1]", i);
            goto cleanup;
        }
    }
    VETO_TRY(dp_rgame_init(&rg, g, err));
    for (size_t i = 0; i < n; i++) {
        out->p_dec[i] = 0;
        if (exact) {
            mpq_set_ui(out->p_dec_q[i], 0, 1);
        }
    }
    if (rg.kind != GAME_NORMAL) {
        out->p_act = rg.kind == GAME_ALL ? 1.0 : 0.0;
        if (exact) {
            mpq_set_ui(out->p_act_q, rg.kind == GAME_ALL ? 1 : 0, 1);
        }
        goto cleanup;
    }
    size_t m = rg.m;
    /* substitute beliefs 0 and 1 */
    u64 w1 = 0; /* weight certain to vote yes */
    size_t f = 0;
    VETO_ALLOC(fidx, veto_i_mallocarray(m + 1, sizeof *fidx));
    VETO_ALLOC(fw, veto_i_mallocarray(m + 1, sizeof *fw));
    VETO_ALLOC(fpr, veto_i_mallocarray(m + 1, sizeof *fpr));
    for (size_t x = 0; x < m; x++) {
        size_t i = rg.ord[x];
        if (mpq_sgn(belief[i]) == 0) {
            continue;
        }
        if (mpq_cmp_ui(belief[i], 1, 1) == 0) {
            w1 += rg.w[x];
            continue;
        }
        fidx[f] = x;
        fw[f] = (size_t)rg.w[x];
        fpr[f] = mpq_get_d(belief[i]);
        f++;
    }
    int64_t qf = (int64_t)rg.q - (int64_t)w1; /* the free players' quota */
    size_t wmax = (size_t)rg.w[0];
    /* distribution of the free yes-weight on [0, L - 1), bucket L - 1 */
    size_t L = (size_t)(qf > 0 ? qf : 0) + wmax + 1;
    VETO_TRY(veto_i_budget_check(
        ctx,
        veto_i_sat_mul(exact ? veto_i_sat_mul(L, 2) : veto_i_sat_mul(L, 40),
                       exact ? 64 : 8),
        "the dp for beliefs", ADVICE, err));
    if (!exact) {
        VETO_ALLOC(dist, veto_i_calloc(L, sizeof *dist));
        dist[0] = 1;
        for (size_t x = 0; x < f; x++) {
            dist_mul(dist, L, fw[x], fpr[x]);
        }
        /* p_act = Pr[W >= qf] */
        double s = 0;
        for (size_t t = (size_t)(qf > 0 ? qf : 0); t < L; t++) {
            s += dist[t];
        }
        out->p_act = s > 1 ? 1 : s;
        /* substituted players: computed with themselves free */
        for (size_t x = 0; x < m; x++) {
            size_t i = rg.ord[x];
            bool zero = mpq_sgn(belief[i]) == 0;
            bool one = mpq_cmp_ui(belief[i], 1, 1) == 0;
            if (!zero && !one) {
                continue;
            }
            /* others' free weight in [lo, hi): belief 0: [qf - w, qf);
             * belief 1: [qf, qf + w) */
            int64_t w = (int64_t)rg.w[x];
            int64_t lo = zero ? qf - w : qf, hi = zero ? qf : qf + w;
            double v = 0;
            for (int64_t t = lo < 0 ? 0 : lo; t < hi; t++) {
                v += dist[t];
            }
            out->p_dec[i] = v;
        }
        if (qf > 0 && f > 0) {
            /* recursion depth <= ceil(log2 f); one more row for the root */
            size_t levels = 1;
            while (((size_t)1 << (levels - 1)) < f) {
                levels++;
            }
            VETO_ALLOC(work, veto_i_mallocarray((levels + 1) * (size_t)qf,
                                                sizeof *work));
            double *root = work + levels * (size_t)qf;
            memset(root, 0, (size_t)qf * sizeof *root);
            root[0] = 1;
            for (size_t x = 0; x < f; x++) {
                fidx[x] = rg.ord[fidx[x]]; /* positions -> players */
            }
            bel_free_t bf = {fidx, fw, fpr, (size_t)qf, out->p_dec, work};
            bel_rec(&bf, 0, f, root, 0);
        }
        goto cleanup;
    }
    /* exact: P = prod over free ((b - a) + a x^w), integer; B = prod b */
    Plen = L;
    VETO_ALLOC(P, veto_i_mallocarray(Plen, sizeof *P));
    for (size_t t = 0; t < Plen; t++) {
        mpz_init(P[t]);
    }
    mpz_set_ui(P[0], 1);
    mpz_set_ui(B, 1);
    size_t top = Plen - 1;
    for (size_t x = 0; x < f; x++) {
        size_t i = rg.ord[fidx[x]];
        size_t w = fw[x];
        mpz_set(a, mpq_numref(belief[i]));
        mpz_sub(bma, mpq_denref(belief[i]), a);
        /* bucket: b * old bucket + a * old[top - w .. top) */
        mpz_mul(P[top], P[top], mpq_denref(belief[i]));
        for (size_t t = top > w ? top - w : 0; t < top; t++) {
            mpz_addmul(P[top], P[t], a);
        }
        for (size_t t = top; t-- > 0;) {
            mpz_mul(P[t], P[t], bma);
            if (t >= w) {
                mpz_addmul(P[t], P[t - w], a);
            }
        }
        mpz_mul(B, B, mpq_denref(belief[i]));
        if ((x & 15) == 0) {
            VETO_TRY(veto_i_poll(ctx, 0.5 * (double)x / (double)f, "dp beliefs",
                                 err));
        }
    }
    mpz_set_ui(num, 0);
    for (size_t t = (size_t)(qf > 0 ? qf : 0); t < Plen; t++) {
        mpz_add(num, num, P[t]);
    }
    mpq_set_num(out->p_act_q, num);
    mpq_set_den(out->p_act_q, B);
    mpq_canonicalize(out->p_act_q);
    out->p_act = mpq_get_d(out->p_act_q);
    for (size_t x = 0; x < m; x++) {
        size_t i = rg.ord[x];
        bool zero = mpq_sgn(belief[i]) == 0;
        bool one = mpq_cmp_ui(belief[i], 1, 1) == 0;
        if (!zero && !one) {
            continue;
        }
        int64_t w = (int64_t)rg.w[x];
        int64_t lo = zero ? qf - w : qf, hi = zero ? qf : qf + w;
        mpz_set_ui(num, 0);
        for (int64_t t = lo < 0 ? 0 : lo; t < hi; t++) {
            mpz_add(num, num, P[t]);
        }
        mpq_set_num(out->p_dec_q[i], num);
        mpq_set_den(out->p_dec_q[i], B);
        mpq_canonicalize(out->p_dec_q[i]);
        out->p_dec[i] = mpq_get_d(out->p_dec_q[i]);
    }
    if (qf > 0 && f > 0) {
        Glen = (size_t)qf;
        VETO_ALLOC(G, veto_i_mallocarray(Glen, sizeof *G));
        for (size_t t = 0; t < Glen; t++) {
            mpz_init(G[t]);
        }
        for (size_t x = 0; x < f; x++) {
            size_t i = rg.ord[fidx[x]];
            size_t w = fw[x];
            mpz_set(a, mpq_numref(belief[i]));
            mpz_sub(bma, mpq_denref(belief[i]), a);
            /* G = P / ((b - a) + a x^w), exact in the integers: b - a > 0
             * because the belief is below 1 */
            mpz_set_ui(num, 0);
            for (size_t t = 0; t < Glen; t++) {
                mpz_set(tmp, P[t]);
                if (t >= w) {
                    mpz_submul(tmp, G[t - w], a);
                }
                mpz_divexact(G[t], tmp, bma);
                if (t + w >= Glen) {
                    mpz_add(num, num, G[t]);
                }
            }
            mpz_divexact(tmp, B, mpq_denref(belief[i]));
            mpq_set_num(out->p_dec_q[i], num);
            mpq_set_den(out->p_dec_q[i], tmp);
            mpq_canonicalize(out->p_dec_q[i]);
            out->p_dec[i] = mpq_get_d(out->p_dec_q[i]);
            if ((x & 15) == 0) {
                VETO_TRY(veto_i_poll(ctx, 0.5 + 0.5 * (double)x / (double)f,
                                     "dp beliefs", err));
            }
        }
    }
cleanup:
    if (P != NULL) {
        for (size_t t = 0; t < Plen; t++) {
            mpz_clear(P[t]);
        }
        veto_i_free(P);
    }
    if (G != NULL) {
        for (size_t t = 0; t < Glen; t++) {
            mpz_clear(G[t]);
        }
        veto_i_free(G);
    }
    veto_i_free(fidx);
    veto_i_free(fw);
    veto_i_free(fpr);
    veto_i_free(dist);
    veto_i_free(work);
    dp_rgame_clear(&rg);
    mpz_clears(B, num, a, bma, tmp, NULL);
    mpq_clear(qv);
    return rc;
}
