/*
 * dp_johnston.c: the dp passes for the Johnston index: by the excess classes
 * (jo_prime, kept as the reference) and by the sweep of dp_sweep.c.
 */
#include "dp_i.h"

#include <string.h>

/* ---- Johnston ------------------------------------------------------------ */

/* Residues: item c (m + 1) + k = winning coalitions in which a given class-c
 * player is critical and exactly k players are critical. */
static bool jo_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m, d = rg->d;
    size_t K = m + 1;
    size_t U = q + (size_t)rg->w[0]; /* w(S) < q + max weight when e < w */
    u32 *ah = veto_i_calloc(U * K, sizeof *ah);
    u32 *tmp = veto_i_calloc(U * K, sizeof *tmp);
    u32 *lw = veto_i_calloc(U, sizeof *lw);
    u32 *lc = veto_i_calloc(U + 1, sizeof *lc);
    u32 *lam = veto_i_calloc(U, sizeof *lam);
    u64 *acc = veto_i_calloc(K, sizeof *acc);
    u32 *cnt = veto_i_calloc(d * K, sizeof *cnt);
    bool ok = ah && tmp && lw && lc && lam && acc && cnt;
    if (!ok) {
        goto done;
    }
    ah[0] = 1;
    lw[0] = 1;
    for (size_t x = 0; x < m; x++) {
        size_t w = (size_t)rg->w[x];
        for (size_t t = U; t-- > w;) {
            dp_k_add(ah + t * K + 1, ah + (t - w) * K, K - 1, p);
        }
    }
    for (size_t h = d; h >= 1; h--) {
        /* heavy: classes 0..h-1; e in [lo, hi] */
        size_t lo = h == d ? 0 : (size_t)rg->w[rg->cls[h]];
        size_t hi = (size_t)rg->w[rg->cls[h - 1]] - 1;
        lc[0] = 0;
        for (size_t t = 0; t < U; t++) {
            lc[t + 1] = addm(lc[t], lw[t], p);
        }
        /* lam(s): light subsets with q + lo <= s + w(L) <= q + hi */
        for (size_t s = 0; s < U; s++) {
            size_t a = q + lo > s ? q + lo - s : 0;
            size_t b = q + hi + 1 > s ? q + hi + 1 - s : 0;
            a = a > U ? U : a;
            b = b > U ? U : b;
            lam[s] = subm(lc[b], lc[a], p);
        }
        for (size_t c = 0; c < h; c++) {
            size_t w = (size_t)rg->w[rg->cls[c]];
            memcpy(tmp, ah, U * K * sizeof *tmp);
            for (size_t t = w; t < U; t++) {
                dp_k_sub(tmp + t * K + 1, tmp + (t - w) * K, K - 1, p);
            }
            memset(acc, 0, K * sizeof *acc);
            for (size_t s = w; s < U; s++) {
                u32 l = lam[s];
                if (l == 0) {
                    continue;
                }
                const u32 *row = tmp + (s - w) * K;
                for (size_t k = 1; k < K; k++) {
                    acc[k] = (acc[k] + (u64)row[k - 1] * l) % p;
                }
            }
            for (size_t k = 0; k < K; k++) {
                cnt[c * K + k] = addm(cnt[c * K + k], (u32)acc[k], p);
            }
        }
        /* class h-1 turns light */
        size_t w = (size_t)rg->w[rg->cls[h - 1]];
        for (size_t x = rg->cls[h - 1]; x < rg->cls[h]; x++) {
            for (size_t t = w; t < U; t++) {
                dp_k_sub(ah + t * K + 1, ah + (t - w) * K, K - 1, p);
            }
            dp_series_mul(lw, U, w, p);
        }
        if (!dp_poll_at(jb->pl, j, (double)(d - h + 1) / (double)d)) {
            ok = false;
            goto done;
        }
    }
    for (size_t x = 0; x < d * K; x++) {
        res[x * r + j] = cnt[x];
    }
done:
    veto_i_free(cnt);
    veto_i_free(ah);
    veto_i_free(tmp);
    veto_i_free(lw);
    veto_i_free(lc);
    veto_i_free(lam);
    veto_i_free(acc);
    return ok;
}

/* Johnston by jo_prime (sweep false) or the sweep (dp_sweep.c). */
veto_status dp_do_johnston(veto_i_counts_t *out, const rgame_t *rg, bool sweep,
                           const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    size_t m = rg->m, K = m + 1;
    VETO_TRY(dp_crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 U = rg->q + rg->w[0];
    u64 items64 = veto_i_sat_mul(rg->d, K);
    u64 each = veto_i_sat_add(veto_i_sat_mul(veto_i_sat_mul(U, K), 8),
                              veto_i_sat_add(veto_i_sat_mul(U, 16), K * 8));
    if (sweep) {
        each = dp_josw_bytes(rg);
    }
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for the Johnston index", ADVICE, err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    sweep_job_t sj = {
        {rg, &crt, &pl, sweep ? dp_sweep_prime : jo_prime, items, false},
        false};
    VETO_TRY(dp_run_primes(&sj.base, res, dp_fit_threads(ctx, shared, each, r),
                           err));
    dp_jo_finish(out, rg, &crt, res, digit);
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    dp_crt_clear(&crt);
    return rc;
}

/* jo_sum[] from jo_prime's items. */
void dp_jo_finish(veto_i_counts_t *out, const rgame_t *rg, const crt_t *crt,
                  const u32 *res, u32 *digit)
{
    size_t K = rg->m + 1, r = crt->r;
    mpz_t v;
    mpq_t t, sum;
    mpz_init(v);
    mpq_init(t);
    mpq_init(sum);
    for (size_t c = 0; c < rg->d; c++) {
        mpq_set_ui(sum, 0, 1);
        for (size_t k = 1; k < K; k++) {
            dp_crt_value(v, crt, res + (c * K + k) * r, 1, digit);
            if (mpz_sgn(v) != 0) {
                mpq_set_num(t, v);
                mpz_set_ui(mpq_denref(t), k);
                mpq_canonicalize(t);
                mpq_add(sum, sum, t);
            }
        }
        /* each winning coalition of the m comes with 2^z choices of the
         * dummies, which change no one's criticality */
        mpz_mul_2exp(mpq_numref(sum), mpq_numref(sum), rg->z);
        mpq_canonicalize(sum);
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpq_set(out->jo_sum[rg->ord[x]], sum);
        }
    }
    out->have |= VETO_I_NEED_JOHNSTON;
    mpz_clear(v);
    mpq_clear(t);
    mpq_clear(sum);
}
