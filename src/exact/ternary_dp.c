/*
 * ternary_dp.c: the `dp` engine for three-valued rules that are one
 * threshold term (issue 10): counting yes (`count >= 9`, `votes >= 255`),
 * counting abstain or yes (`... at least abstain`), or `SUM >= p/q of
 * voting`. Any other rule (and / or / k-of of terms) is refused with
 * VETO_EUNSUPPORTED and goes to bdd.
 *
 * The term as a signed sum. Each player j of the term adds c_j(x_j):
 * yes term (0, 0, w), at least abstain (0, w, w), of voting (-p w, 0,
 * (q - p) w), and the term holds when the sum reaches the quota (of
 * voting: 0, or 1 when strict or when p = 0) and, for of voting, not every
 * player of the term abstains (the only profile with no yes vote and a sum
 * >= 0 when p > 0: it is subtracted). So the weights of an of-voting term
 * lie in [-p W, (q - p) W]: for 2/3, in [-2W, W].
 *
 * Generating functions. With k_j(v) the weight of vote v (1 for counting,
 * the numerator of its probability over the player's denominator under a
 * belief), F(z) = prod_j sum_v k_j(v) z^{c_j(v) - min_v c_j} and C its
 * suffix sums, C(e) = sum_{e' >= e} F(e'), the winning weight is C(Q), Q
 * the quota shifted. Player i's conditional weights need F without i:
 * G_i = F / P_i. Suffix sums commute with multiplication by P_i, so C =
 * cumG_i * P_i, which is solved for cumG_i from the top (dividing by the
 * coefficient of i's highest exponent) or, when that is 0 (a forced vote),
 * from the bottom, exactly in integers (every division is exact, since G_i
 * has integer coefficients), and only as far as the three values wanted,
 * cumG_i(Q - d_i(v)), need. From these: count_i[v], and P(act | i votes v)
 * = cumG_i(...) / prod_{j != i} den_j; decisiveness is the difference
 * (monotone rule). Players outside the term are dummies.
 *
 * Cost, L = the range of the sum (about (q + p) W / g, g the gcd of the
 * weights, which the lowering divides out), m players in the term:
 * O(m L) big-integer additions to build F and O(m min(Q, L - Q)) to take
 * every player out, once for the counts and once per belief; memory two
 * arrays of L integers of up to log2(3^m) bits. The roll-call index is not
 * computed here (roll_call_missing; bdd computes it).
 */
#include "ternary.h"

#include <stdio.h>
#include <string.h>

#define STAGE "three-valued dp"

typedef struct tdp {
    size_t m;         /* players of the term */
    size_t *pl;       /* [m] */
    int64_t *d;       /* [3 m] exponent of vote v: c_j(v) - min_v c_j */
    int64_t *span;    /* [m] max exponent */
    int64_t L;        /* range: sum of spans + 1 */
    int64_t Q;        /* winning iff exponent >= Q */
    bool all_abstain; /* subtract the all-abstain profile */
    mpz_t *F;         /* [L] */
    mpz_t *G;         /* [L] */
} tdp_t;

static void tdp_free(tdp_t *t)
{
    if (t->F != NULL) {
        for (int64_t e = 0; e < t->L; e++) {
            mpz_clear(t->F[e]);
        }
    }
    if (t->G != NULL) {
        for (int64_t e = 0; e < t->L; e++) {
            mpz_clear(t->G[e]);
        }
    }
    veto_i_free(t->F);
    veto_i_free(t->G);
    veto_i_free(t->pl);
    veto_i_free(t->d);
    veto_i_free(t->span);
}

/* Set up the exponents; VETO_ELIMIT beyond 2^60 or the memory budget. */
static veto_status tdp_init(tdp_t *t, const veto_i_rule_t *r,
                            const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t m = r->nterm;
    memset(t, 0, sizeof *t);
    t->m = m;
    mpz_t w, p, q, tot, lim;
    mpz_init(w);
    mpz_init(p);
    mpz_init(q);
    mpz_init(tot);
    mpz_init_set_ui(lim, 1);
    mpz_mul_2exp(lim, lim, 60);
    VETO_ALLOC(t->pl, veto_i_calloc(m + 1, sizeof *t->pl));
    VETO_ALLOC(t->d, veto_i_calloc(3 * m + 1, sizeof *t->d));
    VETO_ALLOC(t->span, veto_i_calloc(m + 1, sizeof *t->span));
    bool ofv = r->vote == VETO_I_V_OF_VOTING;
    if (ofv) {
        mpz_set(p, mpq_numref(r->share));
        mpz_set(q, mpq_denref(r->share));
    } else {
        mpz_set_ui(q, 1);
    }
    int64_t shift = 0; /* sum of the minimum contributions */
    for (size_t j = 0; j < m; j++) {
        t->pl[j] = r->player[j];
        mpz_mul(w, r->w[j], q);
        mpz_add(tot, tot, w);
        if (mpz_cmp(tot, lim) >= 0) {
            rc = veto_i_errorf(err, VETO_ELIMIT,
                               "the term's weights pass 2^60, beyond the "
                               "three-valued dp engine");
            goto cleanup;
        }
        int64_t wj = (int64_t)mpz_get_si(r->w[j]);
        int64_t *d = &t->d[3 * j];
        if (ofv) {
            int64_t pw = wj * (int64_t)mpz_get_si(p);
            int64_t qw = wj * (int64_t)mpz_get_si(q);
            d[VETO_I_NO] = 0;
            d[VETO_I_ABSTAIN] = pw;
            d[VETO_I_YES] = qw; /* (q - p) w + p w */
            shift -= pw;
            t->span[j] = qw;
        } else {
            d[VETO_I_NO] = 0;
            d[VETO_I_ABSTAIN] = r->vote == VETO_I_V_ABSTAIN ? wj : 0;
            d[VETO_I_YES] = wj;
            t->span[j] = wj;
        }
        t->L += t->span[j];
    }
    t->L += 1;
    int64_t quota;
    if (ofv) {
        quota = r->of_strict || mpz_sgn(p) == 0 ? 1 : 0;
        t->all_abstain = !r->of_strict && mpz_sgn(p) > 0;
    } else if (mpz_cmp(r->quota, lim) >= 0) {
        quota = INT64_MAX / 4;
    } else {
        quota = (int64_t)mpz_get_si(r->quota);
    }
    t->Q = quota - shift;
    /* two arrays of L integers of about log2(3^m) bits */
    double bytes = 2.0 * (double)t->L *
                   (double)(sizeof(mpz_t) + 8 + (double)m * 1.585 / 8.0);
    if (ctx->max_memory != 0 && bytes > (double)ctx->max_memory) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "the three-valued dp needs about %.0f MiB for "
                           "sums over a range of %lld, over the memory "
                           "budget",
                           bytes / 1048576.0, (long long)t->L);
        veto_i_error_hint_code(err, VETO_HINT_MEMORY, "dp", "bdd", NULL);
        goto cleanup;
    }
    t->F = veto_i_mallocarray((size_t)t->L, sizeof *t->F);
    if (t->F == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int64_t e = 0; e < t->L; e++) {
        mpz_init(t->F[e]);
    }
    t->G = veto_i_mallocarray((size_t)t->L, sizeof *t->G);
    if (t->G == NULL) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int64_t e = 0; e < t->L; e++) {
        mpz_init(t->G[e]);
    }
cleanup:
    mpz_clear(w);
    mpz_clear(p);
    mpz_clear(q);
    mpz_clear(tot);
    mpz_clear(lim);
    return rc;
}

/* The distinct exponents of player j with their summed weights, ascending
 * (at most 3), those of weight 0 left out. */
static int merged(const tdp_t *t, size_t j, const mpz_t *k, int64_t *ex,
                  mpz_t *co)
{
    int n = 0;
    for (int v = 0; v < 3; v++) {
        int64_t e = t->d[3 * j + (size_t)v];
        int at = -1;
        for (int s = 0; s < n; s++) {
            if (ex[s] == e) {
                at = s;
            }
        }
        if (at < 0) {
            at = n++;
            ex[at] = e;
            mpz_set_ui(co[at], 0);
        }
        mpz_add(co[at], co[at], k[v]);
    }
    /* drop the exponents of weight 0 (a forced vote) */
    int kept = 0;
    for (int a = 0; a < n; a++) {
        if (mpz_sgn(co[a]) != 0) {
            ex[kept] = ex[a];
            mpz_swap(co[kept], co[a]);
            kept++;
        }
    }
    n = kept;
    /* sort ascending (n <= 3) */
    for (int a = 0; a < n; a++) {
        for (int b = a + 1; b < n; b++) {
            if (ex[b] < ex[a]) {
                int64_t s = ex[a];
                ex[a] = ex[b];
                ex[b] = s;
                mpz_swap(co[a], co[b]);
            }
        }
    }
    return n;
}

/* One weighting k[3 j + v] of the votes (players of the term, in term
 * order): win[3 j + v] = weight of the others' profiles (term players
 * only) with which the term holds when player j votes v; *total = the
 * winning weight of all profiles. */
static veto_status tdp_run(tdp_t *t, const mpz_t *k, mpz_t *win, mpz_t total,
                           const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    int64_t L = t->L, Q = t->Q;
    mpz_t tmp, co[3], ab, abi, gtot, sumk;
    int64_t ex[3];
    mpz_init(tmp);
    mpz_init(ab);
    mpz_init(abi);
    mpz_init(gtot);
    mpz_init(sumk);
    for (int s = 0; s < 3; s++) {
        mpz_init(co[s]);
    }
    mpz_t *F = t->F, *G = t->G;
    for (int64_t e = 0; e < L; e++) {
        mpz_set_ui(F[e], 0);
    }
    mpz_set_ui(F[0], 1);
    int64_t len = 1;
    mpz_set_ui(ab, 1);
    for (size_t j = 0; j < t->m; j++) {
        int nd = merged(t, j, &k[3 * j], ex, co);
        int64_t top = t->span[j];
        for (int64_t e = len + top - 1; e >= 0; e--) {
            mpz_set_ui(tmp, 0);
            for (int s = 0; s < nd; s++) {
                int64_t f = e - ex[s];
                if (f >= 0 && f < len) {
                    if (mpz_cmp_ui(co[s], 1) == 0) {
                        mpz_add(tmp, tmp, F[f]);
                    } else {
                        mpz_addmul(tmp, F[f], co[s]);
                    }
                }
            }
            mpz_swap(F[e], tmp);
        }
        len += top;
        mpz_mul(ab, ab, k[3 * j + VETO_I_ABSTAIN]);
        if ((j & 7) == 7) {
            VETO_TRY(
                veto_i_poll(ctx, 0.5 * (double)j / (double)t->m, STAGE, err));
        }
    }
    /* suffix sums */
    for (int64_t e = L - 2; e >= 0; e--) {
        mpz_add(F[e], F[e], F[e + 1]);
    }
    if (Q <= 0) {
        mpz_set(total, F[0]);
    } else if (Q >= L) {
        mpz_set_ui(total, 0);
    } else {
        mpz_set(total, F[Q]);
    }
    if (t->all_abstain) {
        mpz_sub(total, total, ab);
    }
    /* take each player out */
    for (size_t j = 0; j < t->m; j++) {
        const mpz_t *kj = &k[3 * j];
        int nd = merged(t, j, kj, ex, co);
        int64_t M = L - 1 - t->span[j];      /* G's highest exponent */
        int64_t lo = Q - t->span[j], hi = Q; /* wanted: cumG(Q - d_v) */
        mpz_set_ui(sumk, 0);
        for (int s = 0; s < nd; s++) {
            mpz_add(sumk, sumk, co[s]);
        }
        if (nd == 0) {
            rc = veto_i_errorf(err, VETO_EINVAL,
                               "a player whose votes have no weight");
            goto cleanup;
        }
        /* G's total weight: C(0) = Gtot * sum of k */
        mpz_divexact(gtot, F[0], sumk);
        /* C(e) = sum_s co[s] cumG(e - ex[s]), cumG(x) = Gtot for x < 0 and
         * 0 for x > M: solve from the highest exponent down or from the
         * lowest up, whichever reaches the wanted values sooner. */
        if (M - lo <= hi) {
            int64_t stop = lo < 0 ? 0 : lo, top = ex[nd - 1];
            for (int64_t e = M; e >= stop; e--) {
                mpz_set(tmp, F[e + top]);
                for (int s = 0; s + 1 < nd; s++) {
                    int64_t f = e + top - ex[s];
                    if (f > M) {
                        continue;
                    }
                    if (mpz_cmp_ui(co[s], 1) == 0) {
                        mpz_sub(tmp, tmp, G[f]);
                    } else {
                        mpz_submul(tmp, G[f], co[s]);
                    }
                }
                if (mpz_cmp_ui(co[nd - 1], 1) == 0) {
                    mpz_swap(G[e], tmp);
                } else {
                    mpz_divexact(G[e], tmp, co[nd - 1]);
                }
            }
        } else {
            int64_t stop = hi > M ? M : hi, bot = ex[0];
            for (int64_t e = 0; e <= stop; e++) {
                mpz_set(tmp, F[e + bot]);
                for (int s = 1; s < nd; s++) {
                    int64_t f = e + bot - ex[s];
                    mpz_submul(tmp, f >= 0 ? G[f] : gtot, co[s]);
                }
                mpz_divexact(G[e], tmp, co[0]);
            }
        }
        /* all-abstain weight of the others */
        if (t->all_abstain && mpz_sgn(kj[VETO_I_ABSTAIN]) != 0) {
            mpz_divexact(abi, ab, kj[VETO_I_ABSTAIN]);
        } else if (t->all_abstain) {
            /* ab is 0 through j; recompute without j */
            mpz_set_ui(abi, 1);
            for (size_t o = 0; o < t->m; o++) {
                if (o != j) {
                    mpz_mul(abi, abi, k[3 * o + VETO_I_ABSTAIN]);
                }
            }
        }
        for (int v = 0; v < 3; v++) {
            int64_t idx = Q - t->d[3 * j + (size_t)v];
            mpz_t *o = &win[3 * j + (size_t)v];
            if (idx <= 0) {
                mpz_set(*o, gtot);
            } else if (idx > M) {
                mpz_set_ui(*o, 0);
            } else {
                mpz_set(*o, G[idx]);
            }
            if (t->all_abstain && v == VETO_I_ABSTAIN) {
                mpz_sub(*o, *o, abi);
            }
        }
        if ((j & 7) == 7) {
            VETO_TRY(veto_i_poll(ctx, 0.5 + 0.5 * (double)j / (double)t->m,
                                 STAGE, err));
        }
    }
cleanup:
    mpz_clear(tmp);
    mpz_clear(ab);
    mpz_clear(abi);
    mpz_clear(gtot);
    mpz_clear(sumk);
    for (int s = 0; s < 3; s++) {
        mpz_clear(co[s]);
    }
    return rc;
}

veto_status veto_i_ternary_dp(veto_i_ternary_t *out, const veto_i_rule_t *r,
                              size_t n, const veto_i_tbelief_t *bel,
                              size_t nbel, const veto_i_ctx_t *ctx,
                              veto_error_t *err)
{
    veto_status rc = VETO_OK;
    tdp_t t;
    mpz_t *k = NULL, *win = NULL, *win0 = NULL, total, total0, tmp, den;
    mpz_t *dn = NULL;
    mpq_t *cond = NULL;
    size_t m = 0;
    memset(&t, 0, sizeof t);
    memset(out, 0, sizeof *out);
    mpz_init(total);
    mpz_init(total0);
    mpz_init(tmp);
    mpz_init(den);
    if (r->kind != VETO_I_R_TERM) {
        rc = veto_i_errorf(err, VETO_EUNSUPPORTED,
                           "the three-valued dp takes one threshold term "
                           "(count, an attribute sum, at least abstain, or "
                           "F of voting); this rule is %s",
                           r->kind == VETO_I_R_KOF ? "composed of several"
                                                   : "a constant");
        veto_i_error_hint_code(err, VETO_HINT_OTHER_METHOD, "dp", "bdd, auto",
                               NULL);
        goto cleanup;
    }
    if (n == 0) {
        rc = veto_i_errorf(err, VETO_EINVAL, "a rule over no players");
        goto cleanup;
    }
    VETO_TRY(tdp_init(&t, r, ctx, err));
    m = t.m;
    if (!veto_i_ternary_alloc(out, n, nbel)) {
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    k = veto_i_mallocarray(3 * m, sizeof *k);
    win = veto_i_mallocarray(3 * m, sizeof *win);
    win0 = veto_i_mallocarray(3 * m, sizeof *win0);
    dn = veto_i_mallocarray(n, sizeof *dn);
    cond = veto_i_mallocarray(3 * n, sizeof *cond);
    if (k == NULL || win == NULL || win0 == NULL || dn == NULL ||
        cond == NULL) {
        veto_i_free(k);
        veto_i_free(win);
        veto_i_free(win0);
        win0 = NULL;
        veto_i_free(dn);
        veto_i_free(cond);
        k = win = dn = NULL;
        cond = NULL;
        rc = veto_i_errorf(err, VETO_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t s = 0; s < 3 * m; s++) {
        mpz_init_set_ui(k[s], 1);
        mpz_init(win[s]);
        mpz_init(win0[s]);
    }
    for (size_t i = 0; i < n; i++) {
        mpz_init(dn[i]);
    }
    for (size_t s = 0; s < 3 * n; s++) {
        mpq_init(cond[s]);
    }

    /* Counts: every vote weight 1; the n - m others free (3 each). */
    VETO_TRY(tdp_run(&t, (const mpz_t *)k, win, total, ctx, err));
    mpz_ui_pow_ui(tmp, 3, (unsigned long)(n - m));
    mpz_mul(out->winning, total, tmp);
    for (size_t i = 0; i < n; i++) {
        for (int v = 0; v < 3; v++) {
            /* a dummy: a third of the winning profiles each */
            mpz_divexact_ui(out->count[3 * i + (size_t)v], out->winning, 3);
        }
    }
    for (size_t j = 0; j < m; j++) {
        for (int v = 0; v < 3; v++) {
            mpz_mul(out->count[3 * t.pl[j] + (size_t)v], win[3 * j + (size_t)v],
                    tmp);
        }
    }
    for (size_t s = 0; s < 3 * m; s++) {
        mpz_set(win0[s], win[s]);
    }
    mpz_set(total0, total);
    veto_i_ternary_finish_counts(out);
    if (!out->roll_call_undefined) {
        out->roll_call_missing = true;
        snprintf(out->roll_call_why, sizeof out->roll_call_why,
                 "the dp engine does not count roll calls; --method bdd "
                 "computes the roll-call index");
    }

    /* Beliefs. */
    for (size_t b = 0; b < nbel; b++) {
        for (size_t i = 0; i < n; i++) {
            mpz_lcm(dn[i], mpq_denref(bel[b].yes[i]),
                    mpq_denref(bel[b].abstain[i]));
        }
        for (size_t j = 0; j < m; j++) {
            size_t i = t.pl[j];
            mpz_t *kj = &k[3 * j];
            mpz_divexact(tmp, dn[i], mpq_denref(bel[b].yes[i]));
            mpz_mul(kj[VETO_I_YES], tmp, mpq_numref(bel[b].yes[i]));
            mpz_divexact(tmp, dn[i], mpq_denref(bel[b].abstain[i]));
            mpz_mul(kj[VETO_I_ABSTAIN], tmp, mpq_numref(bel[b].abstain[i]));
            mpz_sub(kj[VETO_I_NO], dn[i], kj[VETO_I_YES]);
            mpz_sub(kj[VETO_I_NO], kj[VETO_I_NO], kj[VETO_I_ABSTAIN]);
        }
        bool uniform = true;
        for (size_t j = 0; j < m && uniform; j++) {
            uniform = mpz_cmp(k[3 * j], k[3 * j + 1]) == 0 &&
                      mpz_cmp(k[3 * j], k[3 * j + 2]) == 0;
        }
        if (uniform) {
            /* every term player's votes equally likely: the counts, times
             * prod_{o != j} k_o (the common factor k_o of each player) */
            mpz_t pr;
            mpz_init_set_ui(pr, 1);
            for (size_t j = 0; j < m; j++) {
                mpz_mul(pr, pr, k[3 * j]);
            }
            mpz_mul(total, total0, pr);
            for (size_t j = 0; j < m; j++) {
                mpz_divexact(tmp, pr, k[3 * j]);
                for (int v = 0; v < 3; v++) {
                    mpz_mul(win[3 * j + (size_t)v], win0[3 * j + (size_t)v],
                            tmp);
                }
            }
            mpz_clear(pr);
        } else {
            VETO_TRY(tdp_run(&t, (const mpz_t *)k, win, total, ctx, err));
        }
        mpz_set_ui(den, 1);
        for (size_t j = 0; j < m; j++) {
            mpz_mul(den, den, dn[t.pl[j]]);
        }
        /* P(act) for a dummy's every vote */
        mpq_t pa;
        mpq_init(pa);
        mpq_set_num(pa, total);
        mpq_set_den(pa, den);
        mpq_canonicalize(pa);
        for (size_t s = 0; s < 3 * n; s++) {
            mpq_set(cond[s], pa);
        }
        mpq_clear(pa);
        for (size_t j = 0; j < m; j++) {
            size_t i = t.pl[j];
            mpz_divexact(tmp, den, dn[i]);
            for (int v = 0; v < 3; v++) {
                mpq_t *c = &cond[3 * i + (size_t)v];
                mpq_set_num(*c, win[3 * j + (size_t)v]);
                mpq_set_den(*c, tmp);
                mpq_canonicalize(*c);
            }
        }
        veto_i_ternary_finish_belief(out, b, (const mpq_t *)cond, &bel[b]);
    }

cleanup:
    if (rc != VETO_OK) {
        veto_i_ternary_clear(out);
    }
    if (k != NULL) {
        for (size_t s = 0; s < 3 * m; s++) {
            mpz_clear(k[s]);
            mpz_clear(win[s]);
            mpz_clear(win0[s]);
        }
        for (size_t i = 0; i < n; i++) {
            mpz_clear(dn[i]);
        }
        for (size_t s = 0; s < 3 * n; s++) {
            mpq_clear(cond[s]);
        }
    }
    veto_i_free(k);
    veto_i_free(win);
    veto_i_free(win0);
    veto_i_free(dn);
    veto_i_free(cond);
    tdp_free(&t);
    mpz_clear(total);
    mpz_clear(total0);
    mpz_clear(tmp);
    mpz_clear(den);
    return rc;
}
