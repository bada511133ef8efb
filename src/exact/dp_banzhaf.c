/*
 * dp_banzhaf.c: the dp pass for winning coalitions and swings per weight
 * class (Banzhaf, Coleman, power to act).
 */
#include "dp_i.h"

/* ---- Banzhaf: winning and swings per class ------------------------------- */

/* Fc(t) = sum_{s < t} F(s), from the cumulative array c[0..q]. */
static inline u32 cum_at(const u32 *c, int64_t t)
{
    return t <= 0 ? 0 : c[t];
}

/* Residues: item 0 = Fc(q) (coalitions of weight < q), item 1 + c = swings
 * of a player of class c. */
static bool bz_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q;
    u32 *a = veto_i_calloc(q + 1, sizeof *a);
    if (a == NULL) {
        return false;
    }
    a[0] = 1;
    u64 reach = 0;
    for (size_t k = rg->m; k-- > 0;) { /* lightest first: short reach */
        size_t w = (size_t)rg->w[k];
        reach += w;
        size_t len = reach + 1 < q ? (size_t)reach + 1 : q;
        dp_series_mul(a, len, w, p);
        if ((k & 31) == 0 &&
            !dp_poll_at(jb->pl, j, 0.9 * (double)(rg->m - k) / (double)rg->m)) {
            veto_i_free(a);
            return false;
        }
    }
    /* in place: a[t] becomes Fc(t) = sum_{s<t} F(s), t = 0..q */
    u32 run = 0;
    for (size_t t = 0; t <= q; t++) {
        u32 v = t < q ? a[t] : 0;
        a[t] = run;
        run = addm(run, v, p);
    }
    res[0 * r + j] = a[q];
    for (size_t c = 0; c < rg->d; c++) {
        int64_t w = (int64_t)rg->w[rg->cls[c]];
        u32 s = a[q];
        u32 alt = 0; /* sum_{l>=1} (-1)^(l+1) Fc(q - l w) */
        int sign = 1;
        for (int64_t t = (int64_t)q - w; t > 0; t -= w) {
            alt = sign > 0 ? addm(alt, a[t], p) : subm(alt, a[t], p);
            sign = -sign;
        }
        s = subm(s, addm(alt, alt, p), p);
        res[(1 + c) * r + j] = s;
    }
    veto_i_free(a);
    return true;
}

veto_status dp_do_banzhaf(veto_i_counts_t *out, const rgame_t *rg,
                          unsigned need, const veto_i_ctx_t *ctx,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    u32 *res = NULL, *digit = NULL;
    mpz_t v;
    mpz_init(v);
    VETO_TRY(dp_crt_init(&crt, rg->m + 1, err));
    size_t r = crt.r, items = 1 + rg->d;
    u64 each = veto_i_sat_mul(rg->q + 1, 4);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for Banzhaf", ADVICE, err));
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    job_t jb = {rg, &crt, &pl, bz_prime, items, false};
    VETO_TRY(
        dp_run_primes(&jb, res, dp_fit_threads(ctx, shared, each, r), err));
    /* winning = 2^m - Fc(q), times 2^z */
    dp_crt_value(v, &crt, res, 1, digit);
    mpz_set_ui(out->winning, 0);
    mpz_setbit(out->winning, rg->m);
    mpz_sub(out->winning, out->winning, v);
    mpz_mul_2exp(out->winning, out->winning, rg->z);
    out->have |= VETO_I_NEED_WINNING;
    if ((need & VETO_I_NEED_SWINGS) && out->swings != NULL) {
        for (size_t c = 0; c < rg->d; c++) {
            dp_crt_value(v, &crt, res + (1 + c) * r, 1, digit);
            mpz_mul_2exp(v, v, rg->z);
            for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
                mpz_set(out->swings[rg->ord[x]], v);
            }
        }
        out->have |= VETO_I_NEED_SWINGS;
    }
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    dp_crt_clear(&crt);
    mpz_clear(v);
    return rc;
}
