/*
 * dp_ref.c: the reference dynamic programme for weighted games, the
 * textbook generating function kept simple so that it is obviously right.
 * For each player i, the polynomial of the others' coalition weights (and
 * sizes, for Shapley-Shubik) truncated below the quota; i swings exactly
 * when the others weigh t in [q - w_i, q - 1]. It is the test oracle for
 * the fast dp (dp_*.c) and for the other engines on weighted games.
 */
#include "counts.h"

#include <string.h>

static const veto_i_advice_t dpref_hint[1] = {
    {VETO_HINT_MEMORY, "the reference dp", "dp, bdd"}};

/* The quota the counts see: a quota above the total weight behaves as
 * total + 1 (nobody wins), which keeps the tables small. On success *qc
 * and the weights capped at qc (a weight >= qc shifts everything out of
 * the table) are machine integers. */
static veto_status effective_quota(uint64_t *qc, uint64_t *wc,
                                   const veto_i_wgame_t *g, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    mpz_t total, q;
    mpz_init(total);
    mpz_init_set(q, g->quota);
    for (size_t i = 0; i < g->n; i++) {
        mpz_add(total, total, g->w[i]);
    }
    if (mpz_cmp(q, total) > 0) {
        mpz_add_ui(q, total, 1);
    }
    if (mpz_sgn(q) < 0) {
        mpz_set_ui(q, 0);
    }
    /* qc + 1 entries per row must be addressable. */
    if (mpz_sizeinbase(q, 2) > 48) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "the reference dp needs a table as long as the "
                           "quota, which is too large here");
        veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "the reference dp",
                               "dp, bdd", NULL);
        goto cleanup;
    }
    *qc = (uint64_t)mpz_get_ui(q);
    for (size_t i = 0; i < g->n; i++) {
        wc[i] = mpz_cmp(g->w[i], q) >= 0 ? *qc : (uint64_t)mpz_get_ui(g->w[i]);
    }
cleanup:
    mpz_clear(total);
    mpz_clear(q);
    return rc;
}

/* Bytes of `entries` integers of up to n + 1 bits each. */
static uint64_t mpz_bytes(uint64_t entries, size_t n)
{
    return veto_i_sat_mul(entries, sizeof(mpz_t) + 8 * ((uint64_t)n / 64 + 1));
}

veto_status veto_i_dpref_counts(veto_i_counts_t *out, const veto_i_wgame_t *g,
                                unsigned need, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    bool ssi = (need & VETO_I_NEED_SSI) != 0;
    bool swings = (need & (VETO_I_NEED_SWINGS | VETO_I_NEED_SSI)) != 0;
    uint64_t qc = 0;
    uint64_t *wc = NULL;
    mpz_t *c = NULL; /* [k * qc + t]: coalitions of size k, weight t < qc */
    mpz_t *swk = NULL;
    size_t rows = ssi ? n + 1 : 1;
    size_t ncell = 0;

    VETO_ALLOC(wc, veto_i_calloc(n + 1, sizeof *wc));
    VETO_TRY(effective_quota(&qc, wc, g, err));
    VETO_TRY(veto_i_budget_check(ctx, mpz_bytes(veto_i_sat_mul(qc + 1, rows), n),
                                 "the reference dp table", dpref_hint, err));
    ncell = (size_t)(rows * (qc == 0 ? 1 : qc));
    VETO_ALLOC(c, veto_i_mallocarray(ncell, sizeof *c));
    for (size_t j = 0; j < ncell; j++) {
        mpz_init(c[j]);
    }
    VETO_ALLOC(swk, veto_i_mallocarray(n + 1, sizeof *swk));
    for (size_t k = 0; k <= n; k++) {
        mpz_init(swk[k]);
    }

    /* Winning: 2^n minus the coalitions lighter than the quota, from the
     * polynomial of all players (sizes ignored). */
    for (size_t j = 0; j < qc; j++) {
        mpz_set_ui(c[j], 0);
    }
    if (qc > 0) {
        mpz_set_ui(c[0], 1);
    }
    for (size_t j = 0; j < n; j++) {
        for (uint64_t t = qc; t-- > wc[j];) {
            mpz_add(c[t], c[t], c[t - wc[j]]);
        }
    }
    mpz_set_ui(out->winning, 0);
    mpz_setbit(out->winning, n);
    for (uint64_t t = 0; t < qc; t++) {
        mpz_sub(out->winning, out->winning, c[t]);
    }
    out->have |= VETO_I_NEED_WINNING;

    for (size_t i = 0; i < n && swings; i++) {
        for (size_t j = 0; j < ncell; j++) {
            mpz_set_ui(c[j], 0);
        }
        if (qc > 0) {
            mpz_set_ui(c[0], 1);
        }
        size_t seen = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i) {
                continue;
            }
            if (ssi) {
                for (size_t k = seen + 1; k-- > 0;) {
                    for (uint64_t t = qc; t-- > wc[j];) {
                        mpz_add(c[(k + 1) * qc + t], c[(k + 1) * qc + t],
                                c[k * qc + t - wc[j]]);
                    }
                }
            } else {
                for (uint64_t t = qc; t-- > wc[j];) {
                    mpz_add(c[t], c[t], c[t - wc[j]]);
                }
            }
            seen++;
        }
        uint64_t lo = qc > wc[i] ? qc - wc[i] : 0;
        for (size_t k = 0; k < rows; k++) {
            mpz_set_ui(swk[k], 0);
            for (uint64_t t = lo; t < qc; t++) {
                mpz_add(swk[k], swk[k], c[k * qc + t]);
            }
        }
        if (need & VETO_I_NEED_SWINGS) {
            mpz_set_ui(out->swings[i], 0);
            for (size_t k = 0; k < rows; k++) {
                mpz_add(out->swings[i], out->swings[i], swk[k]);
            }
        }
        if (ssi) {
            veto_i_counts_add_ssi(out, i, (const mpz_t *)swk);
        }
        VETO_TRY(veto_i_poll(ctx, (double)(i + 1) / (double)n,
                             "reference dp", err));
    }
    out->have |= need & (VETO_I_NEED_SWINGS | VETO_I_NEED_SSI);

cleanup:
    if (c != NULL) {
        for (size_t j = 0; j < ncell; j++) {
            mpz_clear(c[j]);
        }
        veto_i_free(c);
    }
    if (swk != NULL) {
        for (size_t k = 0; k <= n; k++) {
            mpz_clear(swk[k]);
        }
        veto_i_free(swk);
    }
    veto_i_free(wc);
    return rc;
}

/* ---- beliefs ------------------------------------------------------------ */

/* Distribution of the weight of the free players other than `skip`
 * (SIZE_MAX: none skipped), capped: d[cap] is P(weight >= cap). Players
 * with belief 0 or 1 are left out (fix[] says which); the caller lowers the
 * quota for the 1s. */
static void dist_double(double *d, double *tmp, uint64_t cap,
                        const uint64_t *wc, const double *p,
                        const signed char *fix, size_t n, size_t skip)
{
    for (uint64_t t = 0; t <= cap; t++) {
        d[t] = 0.0;
    }
    d[0] = 1.0;
    for (size_t j = 0; j < n; j++) {
        if (j == skip || fix[j] >= 0) {
            continue;
        }
        for (uint64_t t = 0; t <= cap; t++) {
            tmp[t] = (1.0 - p[j]) * d[t];
        }
        for (uint64_t t = 0; t <= cap; t++) {
            uint64_t u = t + wc[j] < cap ? t + wc[j] : cap;
            tmp[u] += p[j] * d[t];
        }
        memcpy(d, tmp, (size_t)(cap + 1) * sizeof *d);
    }
}

static void dist_exact(mpq_t *d, mpq_t *tmp, uint64_t cap, const uint64_t *wc,
                       const mpq_t *belief, const signed char *fix, size_t n,
                       size_t skip, mpq_t scratch)
{
    for (uint64_t t = 0; t <= cap; t++) {
        mpq_set_ui(d[t], 0, 1);
    }
    mpq_set_ui(d[0], 1, 1);
    for (size_t j = 0; j < n; j++) {
        if (j == skip || fix[j] >= 0) {
            continue;
        }
        mpq_set_ui(scratch, 1, 1);
        mpq_sub(scratch, scratch, belief[j]);
        for (uint64_t t = 0; t <= cap; t++) {
            mpq_mul(tmp[t], scratch, d[t]);
        }
        for (uint64_t t = 0; t <= cap; t++) {
            uint64_t u = t + wc[j] < cap ? t + wc[j] : cap;
            mpq_mul(scratch, belief[j], d[t]);
            mpq_add(tmp[u], tmp[u], scratch);
            mpq_set_ui(scratch, 1, 1);
            mpq_sub(scratch, scratch, belief[j]);
        }
        for (uint64_t t = 0; t <= cap; t++) {
            mpq_swap(d[t], tmp[t]);
        }
    }
}

veto_status veto_i_dpref_beliefs(veto_i_beliefs_t *out, const veto_i_wgame_t *g,
                                 const mpq_t *belief, bool exact,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    uint64_t qc = 0, cap = 0;
    uint64_t *wc = NULL;
    signed char *fix = NULL;
    double *p = NULL, *d = NULL, *tmp = NULL;
    mpq_t *dq = NULL, *tq = NULL;
    size_t ncell = 0;
    mpq_t scratch, acc;
    mpq_init(scratch);
    mpq_init(acc);

    if (exact && out->p_dec_q == NULL) {
        rc = veto_i_errorf(err, VETO_EMISUSE,
                           "exact beliefs asked of a record made for doubles");
        goto cleanup;
    }
    VETO_ALLOC(wc, veto_i_calloc(n + 1, sizeof *wc));
    VETO_ALLOC(fix, veto_i_calloc(n + 1, 1));
    VETO_ALLOC(p, veto_i_calloc(n + 1, sizeof *p));
    VETO_TRY(effective_quota(&qc, wc, g, err));
    cap = qc;
    ncell = (size_t)cap + 1;
    VETO_TRY(veto_i_budget_check(
        ctx, exact ? mpz_bytes(veto_i_sat_mul(ncell, 4), n) : ncell * 16,
        "the reference dp table", dpref_hint, err));
    for (size_t j = 0; j < n; j++) {
        p[j] = mpq_get_d(belief[j]);
        fix[j] = mpq_sgn(belief[j]) == 0 ? 0
                 : mpq_cmp_ui(belief[j], 1, 1) == 0 ? 1
                                                    : -1;
    }
    if (exact) {
        VETO_ALLOC(dq, veto_i_mallocarray(ncell, sizeof *dq));
        for (size_t t = 0; t < ncell; t++) {
            mpq_init(dq[t]);
        }
        VETO_ALLOC(tq, veto_i_mallocarray(ncell, sizeof *tq));
        for (size_t t = 0; t < ncell; t++) {
            mpq_init(tq[t]);
        }
    } else {
        VETO_ALLOC(d, veto_i_mallocarray(ncell, sizeof *d));
        VETO_ALLOC(tmp, veto_i_mallocarray(ncell, sizeof *tmp));
    }

    /* skip == n: the act probability over everybody; skip == i: player i
     * decisive, i left free even when its belief is 0 or 1. */
    for (size_t skip = 0; skip <= n; skip++) {
        /* Fixed yes-votes lower the quota; all are < qc after capping, and
         * their sum is at most the total weight, < 2^49. */
        uint64_t yes = 0;
        for (size_t j = 0; j < n; j++) {
            if (j != skip && fix[j] == 1) {
                yes += wc[j];
            }
        }
        /* A coalition passes when free weight >= qi = qc - yes; qi <= 0
         * means it always does. With quota above the total (qc = total+1)
         * the free weight never reaches qi, as it must. */
        int64_t qi = (int64_t)qc - (int64_t)yes;
        int64_t lo, hi; /* the range of free weight summed */
        if (skip == n) {
            lo = qi < 0 ? 0 : qi;
            hi = (int64_t)cap;
        } else {
            lo = qi - (int64_t)wc[skip];
            lo = lo < 0 ? 0 : lo;
            hi = qi - 1;
            /* Weights above cap - 1 have probability 0 here: the free
             * others weigh less than qc. */
            hi = hi > (int64_t)cap - 1 ? (int64_t)cap - 1 : hi;
        }
        size_t sk = skip == n ? SIZE_MAX : skip;
        if (exact) {
            dist_exact(dq, tq, cap, wc, belief, fix, n, sk, scratch);
            mpq_set_ui(acc, 0, 1);
            for (int64_t t = lo; t <= hi; t++) {
                mpq_add(acc, acc, dq[t]);
            }
            if (skip == n) {
                mpq_set(out->p_act_q, acc);
                out->p_act = mpq_get_d(acc);
            } else {
                mpq_set(out->p_dec_q[skip], acc);
                out->p_dec[skip] = mpq_get_d(acc);
            }
        } else {
            dist_double(d, tmp, cap, wc, p, fix, n, sk);
            double s = 0.0;
            for (int64_t t = lo; t <= hi; t++) {
                s += d[t];
            }
            if (skip == n) {
                out->p_act = s;
            } else {
                out->p_dec[skip] = s;
            }
        }
        VETO_TRY(veto_i_poll(ctx, (double)(skip + 1) / (double)(n + 1),
                             "reference dp beliefs", err));
    }

cleanup:
    if (dq != NULL) {
        for (size_t t = 0; t < ncell; t++) {
            mpq_clear(dq[t]);
        }
        veto_i_free(dq);
    }
    if (tq != NULL) {
        for (size_t t = 0; t < ncell; t++) {
            mpq_clear(tq[t]);
        }
        veto_i_free(tq);
    }
    veto_i_free(d);
    veto_i_free(tmp);
    veto_i_free(p);
    veto_i_free(fix);
    veto_i_free(wc);
    mpq_clear(scratch);
    mpq_clear(acc);
    return rc;
}
