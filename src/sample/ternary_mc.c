/*
 * ternary_mc.c: Monte Carlo for three-valued rules (issue 10), with the
 * interval guarantees of mc.h: every figure is a proportion c/N of N
 * independent samples, its interval the Chernoff (binomial KL) bound
 * inverted at level ln(2m/delta), m the number of figures reported, so
 * that all hold together with probability at least the confidence.
 *
 *  - Ternary Banzhaf (absolute): a uniform profile x of all players; for
 *    each i, [v(x, i yes) > v(x, i no)]: the others' votes are uniform over
 *    the 3^(n-1) profiles, so the mean estimates raw_i / 3^(n-1). The same
 *    profile gives the share of winning profiles.
 *  - Roll-call Shapley-Shubik: a uniform order and uniform votes; the pivot
 *    is the first voter after whom v(votes so far, the rest yes) = v(votes
 *    so far, the rest no) (monotone, so found by bisection).
 *  - Beliefs: x drawn from the belief; P(act) is the mean of v(x), and for
 *    each i the three steps [v(x, i a) > v(x, i n)], [v(x, i y) > v(x, i a)],
 *    [v(x, i y) > v(x, i n)] (the others drawn from their beliefs).
 *
 * Reproducible: block b of 4,096 samples of kind k draws from the
 * counter-based generator keyed by (seed, b, k). Single thread.
 * Cost per sample: 2n rule evaluations (Banzhaf), O(log n) (roll call),
 * 3n + 1 (each belief).
 */
#include "../exact/ternary.h"
#include "mc.h"
#include "rng.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#define BLOCK 4096u

void veto_i_tmc_clear(veto_i_tmc_t *t)
{
    veto_i_free(t->bz);
    veto_i_free(t->bz_hw);
    veto_i_free(t->ss);
    veto_i_free(t->ss_hw);
    veto_i_free(t->p_act);
    veto_i_free(t->p_act_hw);
    veto_i_free(t->na);
    veto_i_free(t->na_hw);
    veto_i_free(t->ay);
    veto_i_free(t->ay_hw);
    veto_i_free(t->ny);
    veto_i_free(t->ny_hw);
    memset(t, 0, sizeof *t);
}

static double *dalloc(size_t k)
{
    return veto_i_calloc(k == 0 ? 1 : k, sizeof(double));
}

/* v(x) with x[i] = the vote; x restored. */
static bool ev_with(const veto_i_rule_t *r, unsigned char *x, size_t i,
                    unsigned char v)
{
    unsigned char s = x[i];
    x[i] = v;
    bool w = veto_i_ternary_eval(r, x);
    x[i] = s;
    return w;
}

veto_status veto_i_ternary_mc(veto_i_tmc_t *out, const veto_i_rule_t *r,
                              size_t n, bool bz, bool ss,
                              const veto_i_tbelief_t *bel, size_t nbel,
                              const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    unsigned char *x = NULL, *y = NULL;
    uint64_t *c = NULL;
    size_t *ord = NULL;
    double *py = NULL, *pa = NULL;
    memset(out, 0, sizeof *out);
    if (n == 0) {
        return veto_i_errorf(err, VETO_EINVAL, "a rule over no players");
    }
    double conf =
        ctx->confidence > 0 && ctx->confidence < 1 ? ctx->confidence : 0.999;
    double eps = ctx->epsilon > 0 && ctx->epsilon < 1 ? ctx->epsilon : 0.01;
    size_t m = (bz ? n + 1 : 0) + (ss ? n : 0) + nbel * (1 + 3 * n);
    if (m == 0) {
        m = 1;
    }
    uint64_t N =
        ctx->samples != 0 ? ctx->samples : veto_i_mc_samples_for(m, eps, conf);
    if (N == UINT64_MAX || N > (UINT64_C(1) << 40)) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "Monte Carlo would need %" PRIu64 " samples", N);
    }
    double level = log(2.0 * (double)m / (1.0 - conf));
    out->n = n;
    out->nbel = nbel;
    out->samples = N;
    out->confidence = conf;
    VETO_ALLOC(x, veto_i_calloc(n, 1));
    VETO_ALLOC(y, veto_i_calloc(n, 1));
    VETO_ALLOC(ord, veto_i_calloc(n, sizeof *ord));
    VETO_ALLOC(c, veto_i_calloc(3 * n + 2, sizeof *c));
    VETO_ALLOC(py, dalloc(n));
    VETO_ALLOC(pa, dalloc(n));
    uint64_t done = 0, total = N * ((bz ? 1 : 0) + (ss ? 1 : 0) + nbel);

    if (bz) {
        VETO_ALLOC(out->bz, dalloc(n));
        VETO_ALLOC(out->bz_hw, dalloc(n));
        memset(c, 0, (3 * n + 2) * sizeof *c);
        veto_i_rng_t g;
        for (uint64_t s = 0; s < N; s++) {
            if (s % BLOCK == 0) {
                veto_i_rng_init(&g, ctx->seed, s / BLOCK, 0);
                VETO_TRY(veto_i_poll(ctx, (double)done / (double)total,
                                     "three-valued mc", err));
                done += BLOCK;
            }
            for (size_t i = 0; i < n; i++) {
                x[i] = (unsigned char)veto_i_rng_below(&g, 3);
            }
            c[n] += veto_i_ternary_eval(r, x);
            for (size_t i = 0; i < n; i++) {
                c[i] += ev_with(r, x, i, VETO_I_YES) &&
                        !ev_with(r, x, i, VETO_I_NO);
            }
        }
        for (size_t i = 0; i < n; i++) {
            out->bz[i] = (double)c[i] / (double)N;
            out->bz_hw[i] = veto_i_mc_halfwidth(c[i], N, level);
        }
        out->p_win = (double)c[n] / (double)N;
        out->p_win_hw = veto_i_mc_halfwidth(c[n], N, level);
        out->have_bz = true;
    }

    if (ss) {
        VETO_ALLOC(out->ss, dalloc(n));
        VETO_ALLOC(out->ss_hw, dalloc(n));
        memset(c, 0, (3 * n + 2) * sizeof *c);
        veto_i_rng_t g;
        for (uint64_t s = 0; s < N; s++) {
            if (s % BLOCK == 0) {
                veto_i_rng_init(&g, ctx->seed, s / BLOCK, 1);
                VETO_TRY(veto_i_poll(ctx, (double)done / (double)total,
                                     "three-valued mc", err));
                done += BLOCK;
            }
            for (size_t i = 0; i < n; i++) {
                ord[i] = i;
            }
            for (size_t i = n; i > 1; i--) {
                size_t j = (size_t)veto_i_rng_below(&g, i);
                size_t t = ord[i - 1];
                ord[i - 1] = ord[j];
                ord[j] = t;
            }
            for (size_t i = 0; i < n; i++) {
                y[i] = (unsigned char)veto_i_rng_below(&g, 3);
            }
            /* fixed(k): after the first k voters, rest yes == rest no */
            size_t lo = 0, hi = n; /* fixed(hi), not fixed(lo) unless 0 */
            for (size_t i = 0; i < n; i++) {
                x[i] = VETO_I_YES;
            }
            bool u0 = veto_i_ternary_eval(r, x);
            memset(x, VETO_I_NO, n);
            bool l0 = veto_i_ternary_eval(r, x);
            if (u0 == l0) {
                continue; /* a constant rule: no pivot */
            }
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                for (size_t k = 0; k < n; k++) {
                    x[ord[k]] = k < mid ? y[ord[k]] : VETO_I_YES;
                }
                bool u = veto_i_ternary_eval(r, x);
                for (size_t k = mid; k < n; k++) {
                    x[ord[k]] = VETO_I_NO;
                }
                bool l = veto_i_ternary_eval(r, x);
                if (u == l) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            c[ord[hi - 1]]++;
        }
        for (size_t i = 0; i < n; i++) {
            out->ss[i] = (double)c[i] / (double)N;
            out->ss_hw[i] = veto_i_mc_halfwidth(c[i], N, level);
        }
        out->have_ss = true;
    }

    if (nbel > 0) {
        VETO_ALLOC(out->p_act, dalloc(nbel));
        VETO_ALLOC(out->p_act_hw, dalloc(nbel));
        VETO_ALLOC(out->na, dalloc(nbel * n));
        VETO_ALLOC(out->na_hw, dalloc(nbel * n));
        VETO_ALLOC(out->ay, dalloc(nbel * n));
        VETO_ALLOC(out->ay_hw, dalloc(nbel * n));
        VETO_ALLOC(out->ny, dalloc(nbel * n));
        VETO_ALLOC(out->ny_hw, dalloc(nbel * n));
    }
    for (size_t b = 0; b < nbel; b++) {
        memset(c, 0, (3 * n + 2) * sizeof *c);
        for (size_t i = 0; i < n; i++) {
            py[i] = mpq_get_d(bel[b].yes[i]);
            pa[i] = py[i] + mpq_get_d(bel[b].abstain[i]);
        }
        veto_i_rng_t g;
        for (uint64_t s = 0; s < N; s++) {
            if (s % BLOCK == 0) {
                veto_i_rng_init(&g, ctx->seed, s / BLOCK, 2 + (unsigned)b);
                VETO_TRY(veto_i_poll(ctx, (double)done / (double)total,
                                     "three-valued mc", err));
                done += BLOCK;
            }
            for (size_t i = 0; i < n; i++) {
                double u = (double)(veto_i_rng_u64(&g) >> 11) * 0x1.0p-53;
                x[i] = u < py[i]   ? VETO_I_YES
                       : u < pa[i] ? VETO_I_ABSTAIN
                                   : VETO_I_NO;
            }
            c[3 * n] += veto_i_ternary_eval(r, x);
            for (size_t i = 0; i < n; i++) {
                bool vn = ev_with(r, x, i, VETO_I_NO);
                bool va = ev_with(r, x, i, VETO_I_ABSTAIN);
                bool vy = ev_with(r, x, i, VETO_I_YES);
                c[3 * i] += va && !vn;
                c[3 * i + 1] += vy && !va;
                c[3 * i + 2] += vy && !vn;
            }
        }
        out->p_act[b] = (double)c[3 * n] / (double)N;
        out->p_act_hw[b] = veto_i_mc_halfwidth(c[3 * n], N, level);
        for (size_t i = 0; i < n; i++) {
            size_t k = b * n + i;
            out->na[k] = (double)c[3 * i] / (double)N;
            out->na_hw[k] = veto_i_mc_halfwidth(c[3 * i], N, level);
            out->ay[k] = (double)c[3 * i + 1] / (double)N;
            out->ay_hw[k] = veto_i_mc_halfwidth(c[3 * i + 1], N, level);
            out->ny[k] = (double)c[3 * i + 2] / (double)N;
            out->ny_hw[k] = veto_i_mc_halfwidth(c[3 * i + 2], N, level);
        }
    }
cleanup:
    if (rc != VETO_OK) {
        veto_i_tmc_clear(out);
    }
    veto_i_free(x);
    veto_i_free(y);
    veto_i_free(ord);
    veto_i_free(c);
    veto_i_free(py);
    veto_i_free(pa);
    return rc;
}
