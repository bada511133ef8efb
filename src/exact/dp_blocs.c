/*
 * dp_blocs.c: beliefs of a weighted game with blocs, in doubles (issue
 * 11), with one more dimension per bloc: the number of its members voting
 * yes.
 *
 * Distributions of the free weight are kept below the quota q (entries
 * below q are exact under truncation, since weights only add). Players
 * outside blocs multiply a distribution by ((1 - p) + p x^w). A bloc is
 * counted exactly: C[k][t] is the number of k-subsets of its members of
 * weight t (integers below 2^53 for blocs of at most 50, so exact in
 * doubles), and its distribution given the rest is sum_k mu_k C[k] with
 * mu_k = E[p^k (1 - p)^(m - k)] under Beta(a, b). Applying a bloc to a
 * distribution A is the same count started from A.
 *
 * - P(act) = 1 - sum_{t<q} F[t], F the rest with every bloc applied.
 * - A player outside the blocs: the divide and conquer of dp_beliefs.c
 *   (each half multiplied into the others before recursing into the
 *   other), started from the blocs' joint distribution.
 * - A member i of bloc b: its bloc without it, C^{-i}[k][t] = C[k][t] -
 *   C^{-i}[k-1][t - w_i] (exact integers), mixed with the moments of
 *   m - 1 members, against the prefix sums of G_b (everything outside bloc
 *   b): P(q - w_i <= B + G < q).
 *
 * Time O(n log n q + sum_b m_b^2 q (2 + B)), memory O((sum_b m_b + log n)
 * q) doubles.
 */
#include "counts.h"

#include <string.h>

#define MAX_BLOC 50

typedef struct ctxd {
    size_t q;
    const size_t *w; /* capped weights [n] */
    const double *p; /* beliefs [n] */
    double *work;    /* scratch for the divide and conquer */
    const size_t *idx;
    size_t nidx;
    double *p_dec;
} ctxd_t;

static void mul_player(double *buf, size_t q, size_t w, double p)
{
    for (size_t t = q; t-- > w;) {
        buf[t] = (1 - p) * buf[t] + p * buf[t - w];
    }
    for (size_t t = (w < q ? w : q); t-- > 0;) {
        buf[t] *= 1 - p;
    }
}

/* T[0..m][q]: counts by yes votes, T[0] the start; add every member. */
static void bloc_counts(double *T, size_t q, const size_t *mem, size_t m,
                        const size_t *w)
{
    for (size_t j = 0; j < m; j++) {
        size_t wj = w[mem[j]];
        for (size_t k = j + 1; k >= 1; k--) {
            double *dst = T + k * q;
            const double *src = T + (k - 1) * q;
            for (size_t t = q; t-- > wj;) {
                dst[t] += src[t - wj];
            }
        }
    }
}

/* out[t] = sum_k mu[k] T[k][t] */
static void mix(double *out, const double *T, size_t q, const double *mu,
                size_t m)
{
    memset(out, 0, q * sizeof *out);
    for (size_t k = 0; k <= m; k++) {
        const double *row = T + k * q;
        double f = mu[k];
        for (size_t t = 0; t < q; t++) {
            out[t] += f * row[t];
        }
    }
}

/* A := A with bloc (members mem[0..m), moments mu) applied; T scratch of
 * (m + 1) q. */
static void apply_bloc(double *A, double *T, size_t q, const size_t *mem,
                       size_t m, const size_t *w, const double *mu)
{
    memset(T, 0, (m + 1) * q * sizeof *T);
    memcpy(T, A, q * sizeof *T);
    bloc_counts(T, q, mem, m, w);
    mix(A, T, q, mu, m);
}

static void rec(ctxd_t *c, size_t lo, size_t hi, const double *others,
                size_t level)
{
    size_t q = c->q;
    if (hi - lo == 1) {
        size_t i = c->idx[lo];
        size_t w = c->w[i];
        double s = 0;
        for (size_t t = q > w ? q - w : 0; t < q; t++) {
            s += others[t];
        }
        c->p_dec[i] = s < 0 ? 0 : s > 1 ? 1 : s;
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    double *buf = c->work + level * q;
    memcpy(buf, others, q * sizeof *buf);
    for (size_t x = mid; x < hi; x++) {
        mul_player(buf, q, c->w[c->idx[x]], c->p[c->idx[x]]);
    }
    rec(c, lo, mid, buf, level + 1);
    memcpy(buf, others, q * sizeof *buf);
    for (size_t x = lo; x < mid; x++) {
        mul_player(buf, q, c->w[c->idx[x]], c->p[c->idx[x]]);
    }
    rec(c, mid, hi, buf, level + 1);
}

veto_status veto_i_dp_bloc_beliefs(veto_i_beliefs_t *out,
                                   const veto_i_wgame_t *g,
                                   const mpq_t *belief,
                                   const veto_i_blocspec_t *blocs,
                                   const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    size_t *w = NULL, *idx = NULL, **mem = NULL, *nmem = NULL;
    double *p = NULL, **mu = NULL, **mu1 = NULL, **C = NULL;
    double *R = NULL, *A = NULL, *T = NULL, *G = NULL, *S = NULL, *Ci = NULL,
           *D = NULL, *work = NULL;
    size_t nb = blocs->nblocs;
    mpq_t *mq = NULL;
    size_t mcap = 0;

    /* Applicable: a quota that fits, blocs of at most MAX_BLOC. */
    if (mpz_sgn(g->quota) <= 0 || !mpz_fits_ulong_p(g->quota) || nb == 0) {
        return VETO_EUNSUPPORTED;
    }
    size_t q = (size_t)mpz_get_ui(g->quota);
    mpz_t total;
    mpz_init(total);
    for (size_t i = 0; i < n; i++) {
        mpz_add(total, total, g->w[i]);
    }
    bool never = mpz_cmp(total, g->quota) < 0;
    mpz_clear(total);
    if (never || q > (SIZE_MAX >> 8)) {
        return VETO_EUNSUPPORTED;
    }
    size_t msum = 0, mmax = 0;
    for (size_t k = 0; k < nb; k++) {
        if (blocs->size[k] > MAX_BLOC || blocs->size[k] == 0) {
            return VETO_EUNSUPPORTED;
        }
        msum += blocs->size[k] + 1;
        mmax = blocs->size[k] > mmax ? blocs->size[k] : mmax;
    }
    size_t depth = 2;
    while (((size_t)1 << depth) < n + 1) {
        depth++;
    }
    uint64_t cells = veto_i_sat_mul(
        q, veto_i_sat_add(veto_i_sat_add(msum, 2 * (mmax + 1)), depth + 8));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_mul(cells, 8),
                                 "the dp of a weighted game with blocs", NULL,
                                 err));

    VETO_ALLOC(w, veto_i_mallocarray(n + 1, sizeof *w));
    VETO_ALLOC(p, veto_i_mallocarray(n + 1, sizeof *p));
    VETO_ALLOC(idx, veto_i_mallocarray(n + 1, sizeof *idx));
    for (size_t i = 0; i < n; i++) {
        w[i] = mpz_cmp_ui(g->w[i], (unsigned long)q) >= 0
                   ? q
                   : (size_t)mpz_get_ui(g->w[i]);
        p[i] = mpq_get_d(belief[i]);
    }
    VETO_ALLOC(mem, veto_i_calloc(nb, sizeof *mem));
    VETO_ALLOC(nmem, veto_i_calloc(nb, sizeof *nmem));
    VETO_ALLOC(mu, veto_i_calloc(nb, sizeof *mu));
    VETO_ALLOC(mu1, veto_i_calloc(nb, sizeof *mu1));
    VETO_ALLOC(C, veto_i_calloc(nb, sizeof *C));
    mcap = mmax + 1;
    VETO_ALLOC(mq, veto_i_mallocarray(mcap, sizeof *mq));
    for (size_t k = 0; k < mcap; k++) {
        mpq_init(mq[k]);
    }
    size_t nidx = 0;
    for (size_t i = 0; i < n; i++) {
        long b = blocs->bloc_of[i];
        if (b < 0) {
            idx[nidx++] = i;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        size_t m = blocs->size[b];
        VETO_ALLOC(mem[b], veto_i_mallocarray(m, sizeof **mem));
        VETO_ALLOC(mu[b], veto_i_mallocarray(m + 1, sizeof **mu));
        VETO_ALLOC(mu1[b], veto_i_mallocarray(m + 1, sizeof **mu1));
        veto_i_beta_moments(mq, blocs->a[b], blocs->b[b], m);
        for (size_t k = 0; k <= m; k++) {
            mu[b][k] = mpq_get_d(mq[k]);
        }
        veto_i_beta_moments(mq, blocs->a[b], blocs->b[b], m - 1);
        for (size_t k = 0; k < m; k++) {
            mu1[b][k] = mpq_get_d(mq[k]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        long b = blocs->bloc_of[i];
        if (b >= 0) {
            if (nmem[b] >= blocs->size[b]) {
                rc = veto_i_errorf(err, VETO_EMISUSE, "bloc sizes disagree");
                goto cleanup;
            }
            mem[b][nmem[b]++] = i;
        }
    }

    VETO_ALLOC(R, veto_i_calloc(q, sizeof *R));
    VETO_ALLOC(A, veto_i_calloc(q, sizeof *A));
    VETO_ALLOC(G, veto_i_calloc(q, sizeof *G));
    VETO_ALLOC(S, veto_i_calloc(q + 1, sizeof *S));
    VETO_ALLOC(D, veto_i_calloc(q, sizeof *D));
    VETO_ALLOC(T, veto_i_calloc((mmax + 1) * q, sizeof *T));
    VETO_ALLOC(Ci, veto_i_calloc((mmax + 1) * q, sizeof *Ci));
    VETO_ALLOC(work, veto_i_calloc(depth * q + 1, sizeof *work));

    /* the players outside the blocs */
    R[0] = 1;
    for (size_t x = 0; x < nidx; x++) {
        mul_player(R, q, w[idx[x]], p[idx[x]]);
    }
    /* every bloc's counts, from one empty coalition */
    for (size_t b = 0; b < nb; b++) {
        size_t m = blocs->size[b];
        VETO_ALLOC(C[b], veto_i_calloc((m + 1) * q, sizeof **C));
        C[b][0] = 1;
        bloc_counts(C[b], q, mem[b], m, w);
    }
    VETO_TRY(veto_i_poll(ctx, 0.2, "dp beliefs with blocs", err));
    /* P(act) */
    memcpy(A, R, q * sizeof *A);
    for (size_t b = 0; b < nb; b++) {
        apply_bloc(A, T, q, mem[b], blocs->size[b], w, mu[b]);
    }
    double below = 0;
    for (size_t t = 0; t < q; t++) {
        below += A[t];
    }
    out->p_act = 1 - below < 0 ? 0 : 1 - below > 1 ? 1 : 1 - below;

    /* players outside the blocs: start from the blocs alone */
    memset(A, 0, q * sizeof *A);
    A[0] = 1;
    for (size_t b = 0; b < nb; b++) {
        apply_bloc(A, T, q, mem[b], blocs->size[b], w, mu[b]);
    }
    if (nidx > 0) {
        ctxd_t c = {q, w, p, work, idx, nidx, out->p_dec};
        rec(&c, 0, nidx, A, 0);
    }
    VETO_TRY(veto_i_poll(ctx, 0.6, "dp beliefs with blocs", err));

    /* bloc members */
    for (size_t b = 0; b < nb; b++) {
        size_t m = blocs->size[b];
        memcpy(G, R, q * sizeof *G);
        for (size_t b2 = 0; b2 < nb; b2++) {
            if (b2 != b) {
                apply_bloc(G, T, q, mem[b2], blocs->size[b2], w, mu[b2]);
            }
        }
        S[0] = 0;
        for (size_t t = 0; t < q; t++) {
            S[t + 1] = S[t] + G[t];
        }
        for (size_t j = 0; j < m; j++) {
            size_t i = mem[b][j];
            size_t wi = w[i];
            /* the bloc without i: exact integer removal */
            memcpy(Ci, C[b], q * sizeof *Ci);
            for (size_t k = 1; k < m; k++) {
                const double *ck = C[b] + k * q;
                const double *prev = Ci + (k - 1) * q;
                double *dst = Ci + k * q;
                for (size_t t = 0; t < q; t++) {
                    dst[t] = ck[t] - (t >= wi ? prev[t - wi] : 0);
                }
            }
            mix(D, Ci, q, mu1[b], m - 1);
            /* P(q - wi <= t + G < q) */
            double s = 0;
            for (size_t t = 0; t < q; t++) {
                if (D[t] == 0) {
                    continue;
                }
                size_t hi = q - t;
                size_t lo = hi > wi ? hi - wi : 0;
                s += D[t] * (S[hi] - S[lo]);
            }
            out->p_dec[i] = s < 0 ? 0 : s > 1 ? 1 : s;
        }
        VETO_TRY(veto_i_poll(ctx, 0.6 + 0.4 * (double)(b + 1) / (double)nb,
                             "dp beliefs with blocs", err));
    }

cleanup:
    if (mq != NULL) {
        for (size_t k = 0; k < mcap; k++) {
            mpq_clear(mq[k]);
        }
        veto_i_free(mq);
    }
    for (size_t b = 0; b < nb; b++) {
        if (mem != NULL) {
            veto_i_free(mem[b]);
        }
        if (mu != NULL) {
            veto_i_free(mu[b]);
        }
        if (mu1 != NULL) {
            veto_i_free(mu1[b]);
        }
        if (C != NULL) {
            veto_i_free(C[b]);
        }
    }
    veto_i_free(mem);
    veto_i_free(nmem);
    veto_i_free(mu);
    veto_i_free(mu1);
    veto_i_free(C);
    veto_i_free(w);
    veto_i_free(p);
    veto_i_free(idx);
    veto_i_free(R);
    veto_i_free(A);
    veto_i_free(G);
    veto_i_free(S);
    veto_i_free(D);
    veto_i_free(T);
    veto_i_free(Ci);
    veto_i_free(work);
    return rc;
}
