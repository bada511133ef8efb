/*
 * indices.c: every index, from counts, in one place.
 *
 *   Banzhaf raw         swings_i
 *   Banzhaf             swings_i / sum_j swings_j
 *   Banzhaf absolute    swings_i / 2^(n-1)                       (Penrose)
 *   Shapley-Shubik      ssi_num_i / n!
 *   Holler raw          mwc_i (minimal winning coalitions containing i)
 *   Holler              mwc_i / sum_j mwc_j
 *   Deegan-Packel       (sum over minimal winning S containing i of 1/|S|)
 *                       / number of minimal winning coalitions
 *   Johnston            jo_i / sum_j jo_j, jo_i = sum over winning S where
 *                       i is critical of 1/(players critical in S)
 *   Coleman prevent     swings_i / winning
 *   Coleman initiate    swings_i / (2^n - winning)
 * An index whose denominator is 0 is undefined (a body that never acts has
 * no normalised Banzhaf), and reported as such, never as 0.
 */
#include "analysis.h"

#include <stdio.h>
#include <string.h>

unsigned veto_i_index_needs(unsigned indices)
{
    unsigned need = 0;
    unsigned swing_idx = VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW) |
                         VETO_INDEX_BIT(VETO_IDX_BANZHAF) |
                         VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE) |
                         VETO_INDEX_BIT(VETO_IDX_COLEMAN_PREVENT) |
                         VETO_INDEX_BIT(VETO_IDX_COLEMAN_INITIATE);
    if (indices & swing_idx) {
        need |= VETO_I_NEED_SWINGS | VETO_I_NEED_WINNING;
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) {
        need |= VETO_I_NEED_SSI;
    }
    if (indices & (VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW) |
                   VETO_INDEX_BIT(VETO_IDX_HOLLER))) {
        need |= VETO_I_NEED_MWC;
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL)) {
        need |= VETO_I_NEED_MWC | VETO_I_NEED_DPI;
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_JOHNSTON)) {
        need |= VETO_I_NEED_JOHNSTON;
    }
    return need | VETO_I_NEED_WINNING;
}

static veto_status alloc_index(veto_result_t *res, veto_index idx,
                               veto_error_t *err)
{
    size_t n = res->n;
    if (res->value[idx] == NULL) {
        res->value[idx] = veto_i_mallocarray(n, sizeof(mpq_t));
        if (res->value[idx] == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            mpq_init(res->value[idx][i]);
        }
    }
    if (res->approx[idx] == NULL) {
        res->approx[idx] = veto_i_calloc(n, sizeof(double));
        if (res->approx[idx] == NULL) {
            return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        }
    }
    return VETO_OK;
}

/* value[idx][i] = num[i] / den for every i (integers), or undefined when
 * den == 0. */
static veto_status set_ratio_z(veto_result_t *res, veto_index idx,
                               mpz_t *num, const mpz_t den,
                               veto_error_t *err)
{
    veto_status rc = alloc_index(res, idx, err);
    if (rc != VETO_OK) {
        return rc;
    }
    res->computed |= VETO_INDEX_BIT(idx);
    if (mpz_sgn(den) == 0) {
        res->undefined |= VETO_INDEX_BIT(idx);
        return VETO_OK;
    }
    for (size_t i = 0; i < res->n; i++) {
        mpq_set_num(res->value[idx][i], num[i]);
        mpq_set_den(res->value[idx][i], den);
        mpq_canonicalize(res->value[idx][i]);
        res->approx[idx][i] = mpq_get_d(res->value[idx][i]);
    }
    return VETO_OK;
}

/* value[idx][i] = q[i] / sum_j q[j], or undefined when the sum is 0. */
static veto_status set_share_q(veto_result_t *res, veto_index idx,
                               mpq_t *q, veto_error_t *err)
{
    veto_status rc = alloc_index(res, idx, err);
    if (rc != VETO_OK) {
        return rc;
    }
    res->computed |= VETO_INDEX_BIT(idx);
    mpq_t sum;
    mpq_init(sum);
    for (size_t i = 0; i < res->n; i++) {
        mpq_add(sum, sum, q[i]);
    }
    if (mpq_sgn(sum) == 0) {
        res->undefined |= VETO_INDEX_BIT(idx);
    } else {
        for (size_t i = 0; i < res->n; i++) {
            mpq_div(res->value[idx][i], q[i], sum);
            res->approx[idx][i] = mpq_get_d(res->value[idx][i]);
        }
    }
    mpq_clear(sum);
    return VETO_OK;
}

static veto_status set_share_z(veto_result_t *res, veto_index idx,
                               mpz_t *num, veto_error_t *err)
{
    mpz_t sum;
    mpz_init(sum);
    for (size_t i = 0; i < res->n; i++) {
        mpz_add(sum, sum, num[i]);
    }
    veto_status rc = set_ratio_z(res, idx, num, sum, err);
    mpz_clear(sum);
    return rc;
}

static void not_computed(veto_result_t *res, veto_index idx, const char *why)
{
    snprintf(res->why_not[idx], sizeof res->why_not[idx], "%s", why);
}

veto_status veto_i_indices_from_counts(veto_result_t *res,
                                       const veto_i_counts_t *c,
                                       unsigned indices, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = res->n;
    mpz_t den, ones;
    mpz_init(den);
    mpz_init(ones);
    mpz_t *tmp = NULL;

    if (c->have & VETO_I_NEED_WINNING) {
        res->have_winning = true;
        mpz_set(res->winning, c->winning);
        res->have_power = true;
        mpq_set_num(res->power_to_act, c->winning);
        mpz_set_ui(den, 1);
        mpz_mul_2exp(den, den, n);
        mpq_set_den(res->power_to_act, den);
        mpq_canonicalize(res->power_to_act);
        res->power_to_act_d = mpq_get_d(res->power_to_act);
    }
    if (c->have & VETO_I_NEED_MWC) {
        res->have_minimal = true;
        mpz_set(res->minimal_winning, c->mwc_total);
    }

    bool swings = (c->have & VETO_I_NEED_SWINGS) != 0;
    const char *no_swings = "not computed by this engine";
    if (indices & VETO_INDEX_BIT(VETO_IDX_BANZHAF_RAW)) {
        if (swings) {
            mpz_set_ui(ones, 1);
            VETO_TRY(set_ratio_z(res, VETO_IDX_BANZHAF_RAW, c->swings, ones,
                                 err));
        } else {
            not_computed(res, VETO_IDX_BANZHAF_RAW, no_swings);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_BANZHAF)) {
        if (swings) {
            VETO_TRY(set_share_z(res, VETO_IDX_BANZHAF, c->swings, err));
        } else {
            not_computed(res, VETO_IDX_BANZHAF, no_swings);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_BANZHAF_ABSOLUTE)) {
        if (swings) {
            mpz_set_ui(den, 1);
            mpz_mul_2exp(den, den, n - 1);
            VETO_TRY(set_ratio_z(res, VETO_IDX_BANZHAF_ABSOLUTE, c->swings,
                                 den, err));
        } else {
            not_computed(res, VETO_IDX_BANZHAF_ABSOLUTE, no_swings);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_SHAPLEY_SHUBIK)) {
        if (c->have & VETO_I_NEED_SSI) {
            mpz_fac_ui(den, n);
            VETO_TRY(set_ratio_z(res, VETO_IDX_SHAPLEY_SHUBIK, c->ssi_num, den,
                                 err));
        } else {
            not_computed(res, VETO_IDX_SHAPLEY_SHUBIK,
                         "not computed by this engine");
        }
    }
    bool mwc = (c->have & VETO_I_NEED_MWC) != 0;
    const char *no_mwc =
        "needs minimal winning coalitions, which this engine does not count";
    if (indices & VETO_INDEX_BIT(VETO_IDX_HOLLER_RAW)) {
        if (mwc) {
            mpz_set_ui(ones, 1);
            VETO_TRY(set_ratio_z(res, VETO_IDX_HOLLER_RAW, c->mwc, ones, err));
        } else {
            not_computed(res, VETO_IDX_HOLLER_RAW, no_mwc);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_HOLLER)) {
        if (mwc) {
            VETO_TRY(set_share_z(res, VETO_IDX_HOLLER, c->mwc, err));
        } else {
            not_computed(res, VETO_IDX_HOLLER, no_mwc);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL)) {
        if (c->have & VETO_I_NEED_DPI) {
            VETO_TRY(alloc_index(res, VETO_IDX_DEEGAN_PACKEL, err));
            res->computed |= VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL);
            if (mpz_sgn(c->mwc_total) == 0) {
                res->undefined |= VETO_INDEX_BIT(VETO_IDX_DEEGAN_PACKEL);
            } else {
                mpq_t m;
                mpq_init(m);
                mpq_set_z(m, c->mwc_total);
                for (size_t i = 0; i < n; i++) {
                    mpq_div(res->value[VETO_IDX_DEEGAN_PACKEL][i],
                            c->dpi_sum[i], m);
                    res->approx[VETO_IDX_DEEGAN_PACKEL][i] =
                        mpq_get_d(res->value[VETO_IDX_DEEGAN_PACKEL][i]);
                }
                mpq_clear(m);
            }
        } else {
            not_computed(res, VETO_IDX_DEEGAN_PACKEL, no_mwc);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_JOHNSTON)) {
        if (c->have & VETO_I_NEED_JOHNSTON) {
            VETO_TRY(set_share_q(res, VETO_IDX_JOHNSTON, c->jo_sum, err));
        } else {
            not_computed(res, VETO_IDX_JOHNSTON,
                         "needs critical-player counts, which this engine "
                         "does not compute");
        }
    }
    bool win = (c->have & VETO_I_NEED_WINNING) != 0;
    if (indices & VETO_INDEX_BIT(VETO_IDX_COLEMAN_PREVENT)) {
        if (swings && win) {
            VETO_TRY(set_ratio_z(res, VETO_IDX_COLEMAN_PREVENT, c->swings,
                                 c->winning, err));
        } else {
            not_computed(res, VETO_IDX_COLEMAN_PREVENT, no_swings);
        }
    }
    if (indices & VETO_INDEX_BIT(VETO_IDX_COLEMAN_INITIATE)) {
        if (swings && win) {
            mpz_set_ui(den, 1);
            mpz_mul_2exp(den, den, n);
            mpz_sub(den, den, c->winning);
            VETO_TRY(set_ratio_z(res, VETO_IDX_COLEMAN_INITIATE, c->swings,
                                 den, err));
        } else {
            not_computed(res, VETO_IDX_COLEMAN_INITIATE, no_swings);
        }
    }
    if (res->dummy != NULL && swings) {
        for (size_t i = 0; i < n; i++) {
            res->dummy[i] = mpz_sgn(c->swings[i]) == 0 ? VETO_YES : VETO_NO;
        }
    }
    if (c->have & VETO_I_NEED_PROPER) {
        res->proper = c->proper;
        res->strong = c->strong;
    }

cleanup:
    veto_i_free(tmp);
    mpz_clear(den);
    mpz_clear(ones);
    return rc;
}
