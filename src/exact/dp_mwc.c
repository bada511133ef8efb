/*
 * dp_mwc.c: the dp pass for minimal winning coalitions (Holler), by size
 * for Deegan-Packel: each counted once, by its lightest member.
 */
#include "dp_i.h"

#include <string.h>

/* ---- minimal winning coalitions ------------------------------------------ */

typedef struct mwc_job {
    job_t base;
    bool by_size;
} mwc_job_t;

/* Without sizes: item 0 = mwc total, item 1 + c = mwc containing a class-c
 * player. With sizes (s = 0..m): item s = total of size s, item
 * (1 + c) (m + 1) + s = of size s containing a class-c player. */
static bool mwc_prime(const job_t *jb, size_t j, u32 *res)
{
    const mwc_job_t *mj = (const mwc_job_t *)jb;
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m;
    size_t K = mj->by_size ? m + 1 : 1; /* row width */
    size_t rows = q + 1;
    u32 *hc = veto_i_calloc(rows * K, sizeof *hc);
    u32 *dd = veto_i_calloc(rows * K, sizeof *dd);
    u32 *tot = veto_i_calloc(K, sizeof *tot);
    u32 *one = veto_i_calloc(K, sizeof *one);
    bool *seen = veto_i_calloc(rg->d == 0 ? 1 : rg->d, sizeof *seen);
    bool ok =
        hc != NULL && dd != NULL && tot != NULL && one != NULL && seen != NULL;
    if (!ok) {
        goto done;
    }
    /* H(t, k) over all players, t < q, as rows 0..q-1; then cumulative
     * Hc(t, k) = sum_{s < t} H(s, k) in rows 0..q. */
    hc[0] = 1;
    u64 reach = 0;
    for (size_t x = m; x-- > 0;) {
        size_t w = (size_t)rg->w[x];
        reach += w;
        size_t hi = reach < q ? (size_t)reach + 1 : q;
        if (K == 1) {
            dp_series_mul(hc, hi, w, p);
        } else {
            for (size_t t = hi; t-- > w;) {
                dp_k_add(hc + t * K + 1, hc + (t - w) * K, K - 1, p);
            }
        }
        if (!dp_poll_at(jb->pl, j, 0.4 * (double)(m - x) / (double)m)) {
            ok = false;
            goto done;
        }
    }
    for (size_t t = q; t-- > 0;) {
        memcpy(hc + (t + 1) * K, hc + t * K, K * sizeof *hc);
    }
    memset(hc, 0, K * sizeof *hc);
    for (size_t t = 1; t <= q; t++) {
        dp_k_add(hc + t * K, hc + (t - 1) * K, K, p);
    }
    /* From the lightest up: divide j out (Hc becomes the players before
     * j), count the MWCs whose lightest member is j, read i = j's count
     * from the accumulator of the later ones, then add j to it. */
    for (size_t x = m; x-- > 0;) {
        size_t w = (size_t)rg->w[x];
        if (K == 1) {
            dp_series_div(hc, rows, w, p);
        } else {
            for (size_t t = w; t < rows; t++) {
                dp_k_sub(hc + t * K + 1, hc + (t - w) * K, K - 1, p);
            }
        }
        /* cnt(s) = Hc(q, s - 1) - Hc(q - w, s - 1); without sizes K = 1 */
        const u32 *hq = hc + q * K, *hw = hc + (q - w) * K;
        if (K == 1) {
            one[0] = subm(hq[0], hw[0], p);
        } else {
            one[0] = 0;
            for (size_t s = 1; s < K; s++) {
                one[s] = subm(hq[s - 1], hw[s - 1], p);
            }
        }
        dp_k_add(tot, one, K, p);
        size_t c = rg->cls_of[x];
        if (!seen[c]) {
            seen[c] = true;
            /* mine(s) = cnt(s) + sum_{l>=1} (-1)^(l+1) D(q - l w, s - l) */
            size_t l = 1;
            for (size_t t = q; t > w && (K == 1 || l < K); t -= w, l++) {
                const u32 *row = dd + (t - w) * K;
                if (K == 1) {
                    one[0] = (l & 1) ? addm(one[0], row[0], p)
                                     : subm(one[0], row[0], p);
                } else {
                    ((l & 1) ? dp_k_add : dp_k_sub)(one + l, row, K - l, p);
                }
            }
            for (size_t s = 0; s < K; s++) {
                res[((1 + c) * K + s) * r + j] = one[s];
            }
        }
        /* D(t, s) += Hc(t, s - 1) - Hc(t - w, s - 1) */
        if (K == 1) {
            size_t lo = w < rows ? w : rows;
            dp_k_add(dd, hc, lo, p);
            if (rows > w) {
                dp_k_addsub(dd + w, hc + w, hc, rows - w, p);
            }
        }
        for (size_t t = 1; K > 1 && t < rows; t++) {
            const u32 *h1 = hc + t * K;
            if (t >= w) {
                dp_k_addsub(dd + t * K + 1, h1, hc + (t - w) * K, K - 1, p);
            } else {
                dp_k_add(dd + t * K + 1, h1, K - 1, p);
            }
        }
        if (!dp_poll_at(jb->pl, j, 0.4 + 0.6 * (double)(m - x) / (double)m)) {
            ok = false;
            goto done;
        }
    }
    for (size_t s = 0; s < K; s++) {
        res[s * r + j] = tot[s];
    }
done:
    veto_i_free(hc);
    veto_i_free(dd);
    veto_i_free(tot);
    veto_i_free(one);
    veto_i_free(seen);
    return ok;
}

/* ---- minimal winning coalitions, the total alone ------------------------
 *
 * When only the number of minimal winning coalitions is asked (the count
 * WM), mwc_prime's per-class accumulator and its second table are not
 * needed. A minimal winning coalition is counted once, by its lightest
 * member j (the last in the order): S = R + {j}, R among the players
 * before j with q - w_j <= w(R) < q. With H_j the product of (1 + x^w)
 * over the players before j, built heaviest first, the total is
 *
 *     sum_j sum_{t = q - w_j}^{q - 1} [x^t] H_j:
 *
 * one multiplication per player (entries above the weight of the players
 * so far are zero and not touched) and a window sum of at most w_j
 * entries. Time O(r (m q + sum_j w_j)) <= O(r m q) word operations against
 * about 3 m q for mwc_prime; memory q words per thread.
 *
 * Primes: the minimal winning coalitions form an antichain, so by the LYM
 * inequality (the sum over the family of 1 / C(m, |S|) is at most 1) there
 * are at most max C(m, s) over the sizes s they can have, and so are those
 * containing a given player, of a given size, or both: s is at least the
 * fewest players that reach q, and at most one more than the most players
 * weighing less than q together (S without its lightest member loses). */

/* Bits of that bound (at most m + 1). */
static u64 mwc_bits(const rgame_t *rg)
{
    size_t m = rg->m, kmin = 0;
    u64 s = 0;
    while (kmin < m && s < rg->q) {
        s += rg->w[kmin++];
    }
    size_t kmax = dp_josw_kmax(rg) + 1;
    size_t top = m / 2; /* C(m, s) is largest at s = m / 2 */
    top = top < kmin ? kmin : top;
    top = top > kmax ? kmax : top;
    top = top > m ? m : top;
    mpz_t b;
    mpz_init(b);
    mpz_bin_uiui(b, m, top);
    u64 bits = mpz_sizeinbase(b, 2);
    mpz_clear(b);
    return bits < m + 1 ? bits : m + 1;
}

/* Residues: item 0 = the number of minimal winning coalitions. */
static bool mwct_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m;
    u32 *h = veto_i_calloc(q, sizeof *h);
    if (h == NULL) {
        return false;
    }
    h[0] = 1;
    u64 reach = 0; /* weight of the players so far: h is zero above */
    u32 tot = 0;
    for (size_t x = 0; x < m; x++) {
        size_t w = (size_t)rg->w[x];
        size_t hi = reach + 1 < q ? (size_t)reach + 1 : q;
        for (size_t t = q - w; t < hi;) { /* w <= q */
            /* at most 2^32 terms below 2^31 each: no overflow */
            size_t e = hi - t > ((size_t)1 << 32) ? t + ((size_t)1 << 32) : hi;
            u64 s = 0;
            for (; t < e; t++) {
                s += h[t];
            }
            tot = addm(tot, (u32)(s % p), p);
        }
        reach += w;
        if (x + 1 < m) {
            dp_series_mul(h, reach + 1 < q ? (size_t)reach + 1 : q, w, p);
        }
        if ((x & 31) == 31 &&
            !dp_poll_at(jb->pl, j, (double)(x + 1) / (double)m)) {
            veto_i_free(h);
            return false;
        }
    }
    res[j] = tot; /* one item: stride r, offset j */
    veto_i_free(h);
    return true;
}

veto_status dp_do_mwc_total(veto_i_counts_t *out, const rgame_t *rg,
                            const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    VETO_TRY(dp_crt_init(&crt, mwc_bits(rg), err));
    size_t r = crt.r;
    u64 each = veto_i_sat_mul(rg->q, 4);
    u64 shared = veto_i_sat_mul(r, 8);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for minimal winning coalitions",
                                 ADVICE, err));
    VETO_ALLOC(res, veto_i_calloc(r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    job_t jb = {rg, &crt, &pl, mwct_prime, 1, false};
    VETO_TRY(
        dp_run_primes(&jb, res, dp_fit_threads(ctx, shared, each, r), err));
    dp_crt_value(out->mwc_total, &crt, res, 1, digit);
    out->have |= VETO_I_NEED_MWC_TOTAL;
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    dp_crt_clear(&crt);
    return rc;
}

veto_status dp_do_mwc(veto_i_counts_t *out, const rgame_t *rg, bool by_size,
                      bool sweep, const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    size_t m = rg->m, K = by_size ? m + 1 : 1;
    VETO_TRY(dp_crt_init(&crt, mwc_bits(rg), err));
    size_t r = crt.r;
    u64 items64 = veto_i_sat_mul(rg->d + 1, K);
    sweep = sweep && by_size;
    u64 each = sweep ? dp_josw_bytes(rg)
                     : veto_i_sat_mul(veto_i_sat_mul(rg->q + 1, K), 8);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for minimal winning coalitions",
                                 ADVICE, err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    mwc_job_t mj = {{rg, &crt, &pl, mwc_prime, items, false}, by_size};
    sweep_job_t sj = {{rg, &crt, &pl, dp_sweep_prime, items, false}, true};
    VETO_TRY(dp_run_primes(sweep ? &sj.base : &mj.base, res,
                           dp_fit_threads(ctx, shared, each, r), err));
    dp_mwc_finish(out, rg, by_size, &crt, res, digit);
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    dp_crt_clear(&crt);
    return rc;
}

/* mwc_total, mwc[] and (by size) dpi_sum[] from mwc_prime's items. */
void dp_mwc_finish(veto_i_counts_t *out, const rgame_t *rg, bool by_size,
                   const crt_t *crt, const u32 *res, u32 *digit)
{
    size_t m = rg->m, K = by_size ? m + 1 : 1, r = crt->r;
    mpz_t v;
    mpq_t t;
    mpz_init(v);
    mpq_init(t);
    mpz_set_ui(out->mwc_total, 0);
    for (size_t s = 0; s < K; s++) {
        dp_crt_value(v, crt, res + s * r, 1, digit);
        mpz_add(out->mwc_total, out->mwc_total, v);
        if (by_size && out->mwc_k != NULL) {
            mpz_set(out->mwc_k[s], v); /* weight-0 players are in none */
        }
    }
    for (size_t c = 0; c < rg->d; c++) {
        mpz_set_ui(v, 0);
        mpz_t sum;
        mpz_init(sum);
        mpq_t dsum;
        mpq_init(dsum);
        for (size_t s = 0; s < K; s++) {
            dp_crt_value(v, crt, res + ((1 + c) * K + s) * r, 1, digit);
            mpz_add(sum, sum, v);
            if (by_size && out->mwc_k != NULL) {
                /* once for the class (its row class) */
                mpz_set(veto_i_counts_mwc_row(out, rg->ord[rg->cls[c]])[s], v);
            }
            if (by_size && s > 0 && mpz_sgn(v) != 0) {
                mpq_set_num(t, v);
                mpz_set_ui(mpq_denref(t), s);
                mpq_canonicalize(t);
                mpq_add(dsum, dsum, t);
            }
        }
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpz_set(out->mwc[rg->ord[x]], sum);
            if (by_size && out->dpi_sum != NULL) {
                mpq_set(out->dpi_sum[rg->ord[x]], dsum);
            }
        }
        mpz_clear(sum);
        mpq_clear(dsum);
    }
    out->have |= VETO_I_NEED_MWC;
    if (by_size) {
        out->have |= VETO_I_NEED_DPI;
    }
    mpz_clear(v);
    mpq_clear(t);
}
