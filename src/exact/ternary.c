/*
 * ternary.c: the `enum` engine for three-valued rules (issue 10). One pass
 * over all 3^n profiles x (x_i in no < abstain < yes) gives everything:
 *
 * Beliefs. With p_j(v) = num_j(v) / den_j, accumulate for every winning x
 * and every player i
 *     R_i[x_i] += prod_{j != i} num_j(x_j),
 * so that R_i[v] / prod_{j != i} den_j = P(act | i votes v). Since the
 * rule is monotone, v(y, a) - v(y, n) is 0 or 1 for every profile y of the
 * others, so P(decisive, no -> abstain) = (R_i[a] - R_i[n]) / prod den,
 * and likewise for abstain -> yes and no -> yes; P(act) = sum_v p_0(v)
 * R_0[v] / prod_{j != 0} den_j. Every R_i[v] is at most prod_{j != i}
 * den_j, so unsigned 128-bit sums are exact when prod_j den_j < 2^126
 * (checked; beyond it the engine refuses with VETO_ELIMIT).
 *
 * Counts. count_i[v] = #{winning x : x_i = v} (< 3^19 < 2^63); the ternary
 * Banzhaf raw_i = count_i[yes] - count_i[no], by monotonicity.
 *
 * Roll-call Shapley-Shubik (Felsenthal & Machover 1997). A roll call is an
 * order of the players and a vote for each, all n! 3^n equally likely; the
 * pivot is the voter after whose vote the outcome is fixed whatever the
 * later voters do. After the voters S with votes x_S, let U = v(x_S, the
 * rest yes) and L = v(x_S, the rest no); by monotonicity the outcome is
 * fixed iff U = L. Player i, preceded by exactly S, voting v, is the pivot
 * iff U(x_S) = 1, L(x_S) = 0 and (U(x_S, i = v) = 0 or L(x_S, i = v) = 1).
 * Write U_v = U(x_S, i = v), L_v likewise. Since U(x_S) = U_yes >= U_v and
 * L_v <= U_v:  [U(x_S) = 1 and U_v = 0] = U_yes - U_v, and then L(x_S) = 0
 * holds by itself (L(x_S) <= L_v <= U_v = 0); symmetrically
 * [L(x_S) = 0 and L_v = 1] = L_v - L_no, and then U(x_S) = 1 by itself. The
 * two events exclude each other (L_v <= U_v). A given S is followed in
 * w(s) = s! (n-1-s)! 3^(n-1-s) roll calls (s = |S|: the orders of S, then
 * i, then the orders and votes of the rest). So
 *     Count_i = sum_{S, x_S} w(|S|) sum_v (U_yes - U_v + L_v - L_no).
 * U(x_S, i = v) is v at the profile y of the others that sets the players
 * outside S to yes; y arises from exactly those (S, x_S) where S holds the
 * players of y not voting yes plus any subset T of its Y yes-voters, so
 * the U part of Count_i is sum_y A(Y(y)) sum_v (v(y, yes) - v(y, v)) with
 * A(Y) = sum_t C(Y, t) w(n-1-Y+t); likewise the L part with "the rest no",
 * B(N) = sum_t C(N, t) w(n-1-N+t), N the no-voters of y. Per profile of
 * the others, sum_v (v(y,yes) - v(y,v)) = 2 v(y,yes) - v(y,a) - v(y,n) and
 * sum_v (v(y,v) - v(y,no)) = v(y,yes) + v(y,a) - 2 v(y,n). Regrouped over
 * the full profiles x = (y, x_i) that win:
 *     Count_i = sum_{x wins} c1(x_i) A(Y_i(x)) + c2(x_i) B(N_i(x)),
 * c1 = (no -1, abstain -1, yes 2), c2 = (no -2, abstain 1, yes 1), Y_i and
 * N_i counting the others only. The engine counts the winning profiles by
 * (i, x_i, Y_i, N_i) in machine words and does the weighting in GMP at the
 * end: SS_i = Count_i / (n! 3^n). Every non-constant rule has exactly one
 * pivot per roll call, so the values sum to 1 (tested), and where abstain
 * counts as no they equal the yes/no Shapley-Shubik index (tested).
 */
#include "ternary.h"

#include <string.h>

__extension__ typedef unsigned __int128 u128;

/* Evaluate r on x with machine words where the lowering left them (terms
 * counting yes or abstain with small weights), GMP otherwise. */
static bool ev(const veto_i_rule_t *r, const unsigned char *x)
{
    switch (r->kind) {
    case VETO_I_R_TRUE:
        return true;
    case VETO_I_R_FALSE:
        return false;
    case VETO_I_R_TERM:
        if (r->small && r->vote != VETO_I_V_OF_VOTING) {
            unsigned char lo =
                r->vote == VETO_I_V_ABSTAIN ? VETO_I_ABSTAIN : VETO_I_YES;
            int64_t sum = 0; /* at most the term's total < 2^62 */
            for (size_t j = 0; j < r->nterm; j++) {
                if (x[r->player[j]] >= lo) {
                    sum += r->w64[j];
                }
            }
            return sum >= r->q64;
        }
        return veto_i_rule_eval3(r, x);
    case VETO_I_R_KOF: {
        size_t got = 0, left = r->nchild;
        for (size_t c = 0; c < r->nchild; c++) {
            if (got >= r->k || got + left < r->k) {
                break;
            }
            got += ev(r->child[c], x) ? 1 : 0;
            left--;
        }
        return got >= r->k;
    }
    }
    return false;
}

static mpq_t *qarray(size_t n)
{
    mpq_t *q = veto_i_mallocarray(n == 0 ? 1 : n, sizeof *q);
    if (q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_init(q[i]);
        }
    }
    return q;
}

static void qarray_free(mpq_t *q, size_t n)
{
    if (q != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(q[i]);
        }
        veto_i_free(q);
    }
}

static void mpz_set_u128(mpz_t z, u128 v)
{
    mpz_set_ui(z, (unsigned long)(uint64_t)(v >> 64));
    mpz_mul_2exp(z, z, 64);
    mpz_add_ui(z, z, (unsigned long)(uint64_t)v);
}

void veto_i_ternary_clear(veto_i_ternary_t *t)
{
    if (t == NULL || t->count == NULL) {
        return;
    }
    size_t n = t->n;
    for (size_t k = 0; k < 3 * n; k++) {
        mpz_clear(t->count[k]);
    }
    veto_i_free(t->count);
    for (size_t i = 0; i < n && t->raw != NULL; i++) {
        mpz_clear(t->raw[i]);
    }
    veto_i_free(t->raw);
    mpz_clear(t->winning);
    qarray_free(t->absolute, n);
    qarray_free(t->normalised, n);
    qarray_free(t->roll_call, n);
    veto_i_free(t->veto_no);
    veto_i_free(t->veto_unless_yes);
    veto_i_free(t->dummy);
    veto_i_free(t->abstention_matters);
    for (size_t b = 0; b < t->nbel && t->bel != NULL; b++) {
        mpq_clear(t->bel[b].p_act);
        qarray_free(t->bel[b].p_dec_na, n);
        qarray_free(t->bel[b].p_dec_ay, n);
        qarray_free(t->bel[b].p_dec_ny, n);
    }
    veto_i_free(t->bel);
    memset(t, 0, sizeof *t);
}

/* Allocate every array of out for n players and nbel beliefs. */
static bool alloc_out(veto_i_ternary_t *t, size_t n, size_t nbel)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->count = veto_i_mallocarray(3 * n + 1, sizeof *t->count);
    if (t->count == NULL) {
        return false;
    }
    for (size_t k = 0; k < 3 * n; k++) {
        mpz_init(t->count[k]);
    }
    mpz_init(t->winning);
    t->raw = veto_i_mallocarray(n + 1, sizeof *t->raw);
    if (t->raw != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpz_init(t->raw[i]);
        }
    }
    t->absolute = qarray(n);
    t->normalised = qarray(n);
    t->roll_call = qarray(n);
    t->veto_no = veto_i_calloc(n + 1, sizeof(bool));
    t->veto_unless_yes = veto_i_calloc(n + 1, sizeof(bool));
    t->dummy = veto_i_calloc(n + 1, sizeof(bool));
    t->abstention_matters = veto_i_calloc(n + 1, sizeof(bool));
    t->bel = veto_i_calloc(nbel + 1, sizeof *t->bel);
    if (t->raw == NULL || t->absolute == NULL || t->normalised == NULL ||
        t->roll_call == NULL || t->veto_no == NULL ||
        t->veto_unless_yes == NULL || t->dummy == NULL ||
        t->abstention_matters == NULL || t->bel == NULL) {
        return false;
    }
    for (size_t b = 0; b < nbel; b++) {
        mpq_init(t->bel[b].p_act);
        t->bel[b].p_dec_na = qarray(n);
        t->bel[b].p_dec_ay = qarray(n);
        t->bel[b].p_dec_ny = qarray(n);
        t->nbel++;
        if (t->bel[b].p_dec_na == NULL || t->bel[b].p_dec_ay == NULL ||
            t->bel[b].p_dec_ny == NULL) {
            return false;
        }
    }
    return true;
}

veto_status veto_i_ternary_enum(veto_i_ternary_t *out, const veto_i_rule_t *r,
                                size_t n, const veto_i_tbelief_t *bel,
                                size_t nbel, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    u128 *num = NULL;        /* [nbel][n][3] */
    u128 *pre = NULL;        /* [nbel][n + 1] prefix products */
    u128 *acc = NULL;        /* [nbel][n][3] the sums R_i[v] */
    u128 *suf = NULL;        /* [n + 1] */
    mpz_t *den = NULL;       /* [nbel][n] */
    uint64_t *cnt = NULL;    /* [n][3] */
    uint64_t *rc_cnt = NULL; /* [n][3][n][n]: by (i, x_i, Y_i, N_i) */
    unsigned char *x = NULL;
    mpz_t big, t1, t2, dprod;
    mpz_init(big);
    mpz_init(t1);
    mpz_init(t2);
    mpz_init(dprod);
    memset(out, 0, sizeof *out);

    if (n == 0 || n > VETO_I_TERNARY_ENUM_MAX) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "the three-valued enum engine takes 1 to %d "
                           "players (3^n profiles); this rule has %zu",
                           VETO_I_TERNARY_ENUM_MAX, n);
        goto cleanup;
    }
    if (!alloc_out(out, n, nbel)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t nb = nbel;
    VETO_ALLOC(num, veto_i_calloc(nb * n * 3 + 1, sizeof *num));
    VETO_ALLOC(pre, veto_i_calloc(nb * (n + 1) + 1, sizeof *pre));
    VETO_ALLOC(acc, veto_i_calloc(nb * n * 3 + 1, sizeof *acc));
    VETO_ALLOC(suf, veto_i_calloc(n + 1, sizeof *suf));
    VETO_ALLOC(den, veto_i_mallocarray(nb * n + 1, sizeof *den));
    for (size_t k = 0; k < nb * n; k++) {
        mpz_init(den[k]);
    }
    VETO_ALLOC(cnt, veto_i_calloc(3 * n, sizeof *cnt));
    VETO_ALLOC(rc_cnt, veto_i_calloc(3 * n * n * n, sizeof *rc_cnt));
    VETO_ALLOC(x, veto_i_calloc(n, 1));

    /* Numerators over a common denominator per player and belief. */
    for (size_t b = 0; b < nb; b++) {
        mpz_set_ui(dprod, 1);
        for (size_t j = 0; j < n; j++) {
            mpz_t *d = &den[b * n + j];
            const mpq_t *y = &bel[b].yes[j], *a = &bel[b].abstain[j];
            mpz_lcm(*d, mpq_denref(*y), mpq_denref(*a));
            mpz_mul(dprod, dprod, *d);
        }
        if (mpz_sizeinbase(dprod, 2) > 125) {
            rc = veto_i_errorf(err, VETO_ELIMIT,
                               "the beliefs' denominators multiply to more "
                               "than 2^125, beyond the three-valued enum "
                               "engine's exact sums; give the beliefs with "
                               "smaller denominators");
            goto cleanup;
        }
        for (size_t j = 0; j < n; j++) {
            mpz_t *d = &den[b * n + j];
            const mpq_t *y = &bel[b].yes[j], *a = &bel[b].abstain[j];
            /* num(yes) = y * d, num(abstain) = a * d, num(no) = the rest;
             * each at most d < 2^125 */
            mpz_divexact(t1, *d, mpq_denref(*y));
            mpz_mul(t1, t1, mpq_numref(*y));
            mpz_divexact(t2, *d, mpq_denref(*a));
            mpz_mul(t2, t2, mpq_numref(*a));
            mpz_sub(big, *d, t1);
            mpz_sub(big, big, t2);
            mpz_t *v3[3] = {&big, &t2, &t1};
            for (int v = 0; v < 3; v++) {
                u128 u = 0;
                size_t words = 0;
                uint64_t w[2] = {0, 0};
                mpz_export(w, &words, -1, sizeof w[0], 0, 0, *v3[v]);
                u = ((u128)w[1] << 64) | w[0];
                num[(b * n + j) * 3 + (size_t)v] = u;
            }
        }
    }

    /* The odometer: x[n-1] moves fastest. pre[b][j] = prod_{k<j} num,
     * valid for j <= pvalid: brought up to date only at a winning profile,
     * from the first digit that changed since (so a rule that seldom
     * passes pays little for its beliefs, one that often passes at most
     * what updating at every step would cost). */
    for (size_t b = 0; b < nb; b++) {
        pre[b * (n + 1)] = 1;
    }
    size_t pvalid = 0;
    uint64_t total = 1;
    for (size_t j = 0; j < n; j++) {
        total *= 3; /* 3^19 < 2^31 */
    }
    const uint64_t block = 1u << 16;
    for (uint64_t step = 0; step < total; step++) {
        if (step % block == 0 && step != 0) {
            VETO_TRY(veto_i_poll(ctx, (double)step / (double)total,
                                 "three-valued enum", err));
        }
        if (ev(r, x)) {
            size_t ny = 0, nn = 0;
            for (size_t j = 0; j < n; j++) {
                ny += x[j] == VETO_I_YES;
                nn += x[j] == VETO_I_NO;
            }
            for (size_t i = 0; i < n; i++) {
                cnt[3 * i + x[i]]++;
                size_t yi = ny - (x[i] == VETO_I_YES);
                size_t ni = nn - (x[i] == VETO_I_NO);
                rc_cnt[((3 * i + x[i]) * n + yi) * n + ni]++;
            }
            for (size_t b = 0; b < nb; b++) {
                const u128 *nm = &num[b * n * 3];
                u128 *pr = &pre[b * (n + 1)];
                for (size_t k = pvalid; k < n; k++) {
                    pr[k + 1] = pr[k] * nm[3 * k + x[k]];
                }
                suf[n] = 1;
                for (size_t j = n; j-- > 0;) {
                    suf[j] = suf[j + 1] * nm[3 * j + x[j]];
                }
                for (size_t i = 0; i < n; i++) {
                    acc[(b * n + i) * 3 + x[i]] += pr[i] * suf[i + 1];
                }
            }
            pvalid = n;
        }
        /* next profile */
        size_t j = n;
        while (j > 0) {
            j--;
            if (x[j] < 2) {
                x[j]++;
                break;
            }
            x[j] = 0;
            if (j == 0) {
                j = SIZE_MAX;
                break;
            }
        }
        if (j == SIZE_MAX) {
            break;
        }
        if (j < pvalid) {
            pvalid = j; /* pre[0..j] still hold: they precede digit j */
        }
    }

    /* Counts, Banzhaf, properties. */
    mpz_t pow3;
    mpz_init(pow3);
    mpz_ui_pow_ui(pow3, 3, n - 1);
    mpz_t sumraw;
    mpz_init(sumraw);
    for (size_t i = 0; i < n; i++) {
        for (int v = 0; v < 3; v++) {
            mpz_set_ui(out->count[3 * i + (size_t)v],
                       (unsigned long)cnt[3 * i + (size_t)v]);
        }
        if (i == 0) {
            mpz_set_ui(out->winning, (unsigned long)(cnt[0] + cnt[1] + cnt[2]));
        }
        mpz_set_ui(out->raw[i], (unsigned long)(cnt[3 * i + VETO_I_YES] -
                                                cnt[3 * i + VETO_I_NO]));
        mpz_add(sumraw, sumraw, out->raw[i]);
        mpq_set_num(out->absolute[i], out->raw[i]);
        mpq_set_den(out->absolute[i], pow3);
        mpq_canonicalize(out->absolute[i]);
        out->veto_no[i] = cnt[3 * i + VETO_I_NO] == 0;
        out->veto_unless_yes[i] =
            out->veto_no[i] && cnt[3 * i + VETO_I_ABSTAIN] == 0;
        out->dummy[i] = mpz_sgn(out->raw[i]) == 0;
        out->abstention_matters[i] =
            cnt[3 * i + VETO_I_ABSTAIN] > cnt[3 * i + VETO_I_NO];
    }
    out->banzhaf_undefined = mpz_sgn(sumraw) == 0;
    for (size_t i = 0; i < n && !out->banzhaf_undefined; i++) {
        mpq_set_num(out->normalised[i], out->raw[i]);
        mpq_set_den(out->normalised[i], sumraw);
        mpq_canonicalize(out->normalised[i]);
    }
    mpz_clear(sumraw);
    mpz_clear(pow3);

    /* Roll-call Shapley-Shubik: w(s), A(Y), B(N) as in the comment above. */
    {
        size_t m1 = n - 1;
        mpz_t *w = veto_i_mallocarray(n, sizeof *w);
        mpz_t *A = veto_i_mallocarray(n, sizeof *A);
        if (w == NULL || A == NULL) {
            veto_i_free(w);
            veto_i_free(A);
            rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t s = 0; s <= m1; s++) {
            mpz_init(w[s]);
            mpz_fac_ui(w[s], (unsigned long)s);
            mpz_fac_ui(t1, (unsigned long)(m1 - s));
            mpz_mul(w[s], w[s], t1);
            mpz_ui_pow_ui(t1, 3, (unsigned long)(m1 - s));
            mpz_mul(w[s], w[s], t1);
        }
        /* A(Y) = sum_t C(Y, t) w(m1 - Y + t); B has the same form. */
        for (size_t y = 0; y <= m1; y++) {
            mpz_init(A[y]);
            for (size_t t = 0; t <= y; t++) {
                mpz_bin_uiui(t1, (unsigned long)y, (unsigned long)t);
                mpz_addmul(A[y], t1, w[m1 - y + t]);
            }
        }
        static const long c1[3] = {-1, -1, 2}, c2[3] = {-2, 1, 1};
        mpz_t all;
        mpz_init(all);
        mpz_fac_ui(all, (unsigned long)n);
        mpz_ui_pow_ui(t1, 3, (unsigned long)n);
        mpz_mul(all, all, t1);
        bool constant = mpz_sgn(out->winning) == 0;
        if (!constant) {
            /* constant also when every profile wins */
            mpz_ui_pow_ui(t1, 3, (unsigned long)n);
            constant = mpz_cmp(out->winning, t1) == 0;
        }
        out->roll_call_undefined = constant;
        for (size_t i = 0; i < n && !constant; i++) {
            mpz_set_ui(big, 0);
            for (size_t v = 0; v < 3; v++) {
                for (size_t y = 0; y < n; y++) {
                    for (size_t no = 0; y + no < n; no++) {
                        uint64_t c = rc_cnt[((3 * i + v) * n + y) * n + no];
                        if (c == 0) {
                            continue;
                        }
                        mpz_mul_si(t1, A[y], c1[v]);
                        mpz_mul_si(t2, A[no], c2[v]);
                        mpz_add(t1, t1, t2);
                        mpz_set_ui(t2, (unsigned long)c);
                        mpz_addmul(big, t1, t2);
                    }
                }
            }
            mpq_set_num(out->roll_call[i], big);
            mpq_set_den(out->roll_call[i], all);
            mpq_canonicalize(out->roll_call[i]);
        }
        mpz_clear(all);
        for (size_t s = 0; s <= m1; s++) {
            mpz_clear(w[s]);
            mpz_clear(A[s]);
        }
        veto_i_free(w);
        veto_i_free(A);
    }

    /* Beliefs. */
    for (size_t b = 0; b < nb; b++) {
        veto_i_tbelief_result_t *br = &out->bel[b];
        for (size_t i = 0; i < n; i++) {
            /* prod_{j != i} den_j */
            mpz_set_ui(dprod, 1);
            for (size_t j = 0; j < n; j++) {
                if (j != i) {
                    mpz_mul(dprod, dprod, den[b * n + j]);
                }
            }
            const u128 *R = &acc[(b * n + i) * 3];
            mpz_set_u128(t1, R[VETO_I_ABSTAIN] - R[VETO_I_NO]);
            mpq_set_num(br->p_dec_na[i], t1);
            mpq_set_den(br->p_dec_na[i], dprod);
            mpq_canonicalize(br->p_dec_na[i]);
            mpz_set_u128(t1, R[VETO_I_YES] - R[VETO_I_ABSTAIN]);
            mpq_set_num(br->p_dec_ay[i], t1);
            mpq_set_den(br->p_dec_ay[i], dprod);
            mpq_canonicalize(br->p_dec_ay[i]);
            mpq_add(br->p_dec_ny[i], br->p_dec_na[i], br->p_dec_ay[i]);
            if (i == 0) {
                /* P(act) = sum_v num_0(v) R_0[v] / prod_j den_j */
                mpz_set_ui(big, 0);
                for (int v = 0; v < 3; v++) {
                    mpz_set_u128(t1, R[v]);
                    mpz_set_u128(t2, num[(b * n) * 3 + (size_t)v]);
                    mpz_addmul(big, t1, t2);
                }
                mpz_mul(dprod, dprod, den[b * n]);
                mpq_set_num(br->p_act, big);
                mpq_set_den(br->p_act, dprod);
                mpq_canonicalize(br->p_act);
            }
        }
    }

cleanup:
    if (rc != VETO_OK) {
        veto_i_ternary_clear(out);
    }
    if (den != NULL) {
        for (size_t k = 0; k < nbel * n; k++) {
            mpz_clear(den[k]);
        }
    }
    veto_i_free(den);
    veto_i_free(num);
    veto_i_free(pre);
    veto_i_free(acc);
    veto_i_free(suf);
    veto_i_free(cnt);
    veto_i_free(rc_cnt);
    veto_i_free(x);
    mpz_clear(big);
    mpz_clear(t1);
    mpz_clear(t2);
    mpz_clear(dprod);
    return rc;
}

veto_status veto_i_ternary_model(veto_i_ternary_t *out, const veto_model_t *m,
                                 const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_rule_t *r = NULL;
    veto_i_tbelief_t *bel = NULL;
    memset(out, 0, sizeof *out);
    if (!m->ternary) {
        return veto_i_errorf(err, VETO_EINVAL,
                             "not a three-valued model (no `votes yes, "
                             "abstain, no`)");
    }
    VETO_TRY(veto_i_rule_build(&r, m, err));
    VETO_ALLOC(bel, veto_i_calloc(m->nscen + 1, sizeof *bel));
    bel[0].yes = (const mpq_t *)m->belief;
    bel[0].abstain = (const mpq_t *)m->abstain;
    for (size_t s = 0; s < m->nscen; s++) {
        bel[s + 1].yes = (const mpq_t *)m->scen[s].belief;
        bel[s + 1].abstain = (const mpq_t *)m->scen[s].abstain;
    }
    rc = veto_i_ternary_enum(out, r, m->n, bel, m->nscen + 1, ctx, err);
cleanup:
    veto_i_free(bel);
    veto_i_rule_free(r);
    return rc;
}
