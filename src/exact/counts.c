/*
 * counts.c: allocation of the counts every engine fills, and the one
 * conversion from swings by size to the Shapley-Shubik numerator.
 */
#include "counts.h"

#include <string.h>

static mpz_t *zvec_new(size_t n)
{
    mpz_t *v = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *v);
    if (v != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpz_init(v[i]);
        }
    }
    return v;
}

static void zvec_free(mpz_t *v, size_t n)
{
    if (v != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpz_clear(v[i]);
        }
        veto_i_free(v);
    }
}

static mpq_t *qvec_new(size_t n)
{
    mpq_t *v = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *v);
    if (v != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_init(v[i]);
        }
    }
    return v;
}

static void qvec_free(mpq_t *v, size_t n)
{
    if (v != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(v[i]);
        }
        veto_i_free(v);
    }
}

bool veto_i_counts_init(veto_i_counts_t *c, size_t n, unsigned need)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    c->proper = VETO_UNKNOWN;
    c->strong = VETO_UNKNOWN;
    mpz_init(c->winning);
    mpz_init(c->mwc_total);
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    bool ok = true;
    if (need & VETO_I_NEED_SWINGS) {
        ok = ok && (c->swings = zvec_new(n)) != NULL;
    }
    if (need & VETO_I_NEED_SSI) {
        ok = ok && (c->ssi_num = zvec_new(n)) != NULL;
    }
    if (need & VETO_I_NEED_MWC) {
        ok = ok && (c->mwc = zvec_new(n)) != NULL;
    }
    if (need & VETO_I_NEED_DPI) {
        ok = ok && (c->dpi_sum = qvec_new(n)) != NULL;
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        ok = ok && (c->jo_sum = qvec_new(n)) != NULL;
    }
    /* the rows by size wait for the engine's classes (veto_i_counts_rows) */
    if (need & VETO_I_NEED_SIZES) {
        c->sizes = need & (VETO_I_NEED_SSI | VETO_I_NEED_DPI);
    }
    if (need & VETO_I_NEED_PLAYER) {
        ok = ok && (c->player_k = zvec_new(n)) != NULL;
    }
    if (!ok) {
        veto_i_counts_clear(c);
    }
    return ok;
}

void veto_i_counts_clear(veto_i_counts_t *c)
{
    if (c == NULL || c->n == SIZE_MAX) {
        return;
    }
    size_t n = c->n;
    zvec_free(c->swings, n);
    zvec_free(c->ssi_num, n);
    zvec_free(c->mwc, n);
    qvec_free(c->dpi_sum, n);
    qvec_free(c->jo_sum, n);
    zvec_free(c->swings_k, c->nrows * n);
    zvec_free(c->mwc_k, (c->nrows + 1) * (n + 1));
    veto_i_free(c->row_of);
    zvec_free(c->player_k, n);
    veto_i_free(c->example);
    mpz_clear(c->winning);
    mpz_clear(c->mwc_total);
    memset(c, 0, sizeof *c);
    c->n = SIZE_MAX; /* cleared: a second clear is harmless */
}

uint64_t veto_i_counts_rows_bytes(const veto_i_counts_t *c, size_t nrows)
{
    uint64_t n = c->n, entries = 0;
    if (c->sizes & VETO_I_NEED_SSI) {
        entries = veto_i_sat_mul(nrows, n);
    }
    if (c->sizes & VETO_I_NEED_DPI) {
        entries = veto_i_sat_add(entries, veto_i_sat_mul(nrows + 1, n + 1));
    }
    /* an mpz_t and the limbs of a value below 2^n */
    uint64_t each = sizeof(mpz_t) + (n / 64 + 1) * sizeof(mp_limb_t);
    return veto_i_sat_add(veto_i_sat_mul(entries, each), n * sizeof(size_t));
}

veto_status veto_i_counts_rows(veto_i_counts_t *c, size_t nrows,
                               const size_t *row_of, veto_error_t *err)
{
    size_t n = c->n;
    if (c->sizes == 0) {
        return VETO_OK;
    }
    if (c->row_of != NULL) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "counts by size: row classes set twice");
    }
    if (row_of == NULL) {
        nrows = n;
    }
    if ((nrows == 0 && n > 0) || nrows > n) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "counts by size: %zu row classes for %zu players",
                             nrows, n);
    }
    for (size_t i = 0; row_of != NULL && i < n; i++) {
        if (row_of[i] >= nrows) {
            return veto_i_errorf(err, VETO_EMISUSE,
                                 "counts by size: player %zu in row class "
                                 "%zu of %zu",
                                 i, row_of[i], nrows);
        }
    }
    /* nrows <= n, and init allocated n entries already: no overflow */
    size_t *of = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *of);
    mpz_t *sw = NULL, *mw = NULL;
    bool ok = of != NULL;
    if (ok && (c->sizes & VETO_I_NEED_SSI)) {
        ok = (sw = zvec_new(nrows * n)) != NULL;
    }
    if (ok && (c->sizes & VETO_I_NEED_DPI)) {
        ok = (mw = zvec_new((nrows + 1) * (n + 1))) != NULL;
    }
    if (!ok) {
        veto_i_free(of);
        zvec_free(sw, nrows * n);
        return veto_i_errorf(err, VETO_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        of[i] = row_of != NULL ? row_of[i] : i;
    }
    c->nrows = nrows;
    c->row_of = of;
    c->swings_k = sw;
    c->mwc_k = mw;
    return VETO_OK;
}

void veto_i_counts_add_ssi(veto_i_counts_t *c, size_t i, const mpz_t *swings_k)
{
    size_t n = c->n;
    mpz_t f, term;
    mpz_init(f);
    mpz_init(term);
    /* f = k! (n-1-k)!, updated from k to k+1 by multiplying by (k+1) and
     * dividing by (n-1-k), which is exact. */
    mpz_fac_ui(f, n - 1);
    for (size_t k = 0; k < n; k++) {
        if (mpz_sgn(swings_k[k]) != 0) {
            mpz_mul(term, swings_k[k], f);
            mpz_add(c->ssi_num[i], c->ssi_num[i], term);
        }
        if (k + 1 < n) {
            mpz_mul_ui(f, f, k + 1);
            mpz_divexact_ui(f, f, n - 1 - k);
        }
    }
    mpz_clear(f);
    mpz_clear(term);
}

bool veto_i_beliefs_init(veto_i_beliefs_t *b, size_t n, bool exact)
{
    memset(b, 0, sizeof *b);
    b->n = n;
    b->exact = exact;
    mpq_init(b->p_act_q);
    b->p_dec = veto_i_calloc(n == 0 ? 1 : n, sizeof *b->p_dec);
    if (b->p_dec == NULL) {
        veto_i_beliefs_clear(b);
        return false;
    }
    if (exact) {
        b->p_dec_q = qvec_new(n);
        if (b->p_dec_q == NULL) {
            veto_i_beliefs_clear(b);
            return false;
        }
    }
    return true;
}

void veto_i_beliefs_clear(veto_i_beliefs_t *b)
{
    if (b == NULL || b->n == SIZE_MAX) {
        return;
    }
    veto_i_free(b->p_dec);
    qvec_free(b->p_dec_q, b->n);
    mpq_clear(b->p_act_q);
    memset(b, 0, sizeof *b);
    b->n = SIZE_MAX;
}

void veto_i_beta_moments(mpq_t *out, const mpq_t a, const mpq_t b, size_t m)
{
    /* A_k = prod_{s<k} (a + s), B_k likewise, C = prod_{s<m} (a + b + s):
     * out[k] = A_k B_{m-k} / C. out[] holds A_k on the way. */
    mpq_t t, bk, c, ab;
    mpq_init(t);
    mpq_init(bk);
    mpq_init(c);
    mpq_init(ab);
    mpq_add(ab, a, b);
    mpq_set_ui(c, 1, 1);
    mpq_set_ui(out[0], 1, 1);
    for (size_t k = 1; k <= m; k++) {
        mpq_set_ui(t, (unsigned long)(k - 1), 1);
        mpq_add(t, t, a);
        mpq_mul(out[k], out[k - 1], t);
    }
    for (size_t k = 0; k < m; k++) {
        mpq_set_ui(t, (unsigned long)k, 1);
        mpq_add(t, t, ab);
        mpq_mul(c, c, t);
    }
    /* from k = m down: multiply A_k by B_{m-k}, growing B as k falls */
    mpq_set_ui(bk, 1, 1);
    for (size_t k = m + 1; k-- > 0;) {
        mpq_mul(out[k], out[k], bk);
        mpq_div(out[k], out[k], c);
        if (k > 0) {
            mpq_set_ui(t, (unsigned long)(m - k), 1);
            mpq_add(t, t, b);
            mpq_mul(bk, bk, t);
        }
    }
    mpq_clear(t);
    mpq_clear(bk);
    mpq_clear(c);
    mpq_clear(ab);
}
