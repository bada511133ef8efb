/*
 * bdd_blocs.c: P(act) and P(decisive) under bloc beliefs (issue 11) on one
 * decision diagram, with a counter of yes votes per bloc along the levels.
 *
 * The members of bloc k share p_k ~ Beta(a_k, b_k) and vote independently
 * given it; the other players vote independently with their beliefs. The
 * players are typed by bloc (and, outside the blocs, by belief), so every
 * level belongs to one bloc or to none. A node's value is then a vector
 * indexed by c = (c_0, ..., c_{B-1}), the yes votes inside each bloc
 * (S = prod_k (m_k + 1) entries, flat index sum_k c_k stride_k):
 *   D_v[c] = sum_j a_t(j) D_{child_j}[c - j e_k]   on a level of bloc k,
 *   D_v[c] = sum_j a_t(j) D_{child_j}[c]           outside the blocs,
 * with a_t(j) = C(m, j) on a bloc's level (a count of coalitions) and the
 * binomial probability of j yes votes among m outside; D_leaf[0] = the
 * leaf. D_root[c] is the (belief-weighted) number of passing coalitions
 * with c_k yes votes inside bloc k, and
 *   P(act) = sum_c D_root[c] M(c),  M(c) = prod_k M_k(c_k),
 *   M_k(c) = E[p^c (1 - p)^(m_k - c)] = B(a + c, b + m_k - c) / B(a, b).
 *
 * P(decisive) of a player i of level t leaves its own vote out, and its
 * bloc's other members keep the joint law. It needs the counts above
 * level t and those at and below it together, which would be a
 * convolution at every node; instead the moments go up the diagram
 * already applied (an up pass on the dual vectors):
 *   H_root[c] = M(c),  H_child[c] += a_t(j) H_v[c + j e_k]  (or H_v[c]),
 * so that H_v[c] = sum_a U_v[a] M(a + c), U_v[a] the counts of the paths
 * from the root to v with a_k yes votes in bloc k. The others of i's type
 * casting j yes votes give
 *   E_v[c] = sum_{j<m} b_t(j) (D_{child_{j+1}} - D_{child_j})[c - j e_k],
 * b_t(j) = C(m - 1, j) (bloc) or P(j yes of m - 1) (outside), and
 *   P(decisive) = sum_v sum_c E_v[c] H'_v[c],
 * H' = H outside the blocs; for a member of bloc k, whose bloc has m_k - 1
 * other members, M'_k(c) = E[p^c (1-p)^(m_k-1-c)] = M_k(c) + M_k(c + 1),
 * so H'_v[c] = H_v[c] + H_v[c + e_k].
 *
 * On level t only the counts c_k <= (members of bloc k on levels t and
 * below) can be nonzero in D, and only those are read from H: each level
 * stores and works on that box of c, not on all S entries.
 *
 * Exact (--exact, or blocs of more than BDD_BLOC_DOUBLE_MAX members in
 * all): integers. Outside the blocs a belief u/d contributes C(m, j) u^j
 * (d - u)^(m - j) over d^m, so D on level t is an integer vector over the
 * product of those d^m below t, H one over the moments' common
 * denominator times the d^m above t: one division per figure at the end.
 * Doubles: the same passes in doubles; every count is at most
 * 2^(members of the blocs) <= 2^BDD_BLOC_DOUBLE_MAX, far inside the range.
 *
 * Cost, N the nodes of the diagram, m the largest type: time O(N m S)
 * (the box makes it less), memory O(N S) values, planned against the
 * budget (VETO_ELIMIT past it: the blocs' dimensions multiply).
 */
#include "bdd_i.h"

#include <stdio.h>

/* Above this many bloc members in all, doubles could overflow: integers. */
#define BDD_BLOC_DOUBLE_MAX 900

typedef struct bb {
    size_t B, S;
    const size_t *size; /* [B] m_k */
    size_t *stride;     /* [B] */
    long *lk;           /* [T] bloc of the level, -1 outside */
    size_t **box;       /* [T + 1] flat indices c of the level's box */
    size_t *nbox;       /* [T + 1] */
    uint32_t **at;      /* [T + 1][S] position of c in the box, or BDD_NIL */
    size_t **kc;        /* [T][nbox] c_k, k the level's bloc (or NULL) */
} bb_t;

static void bb_free(bb_t *s, size_t T)
{
    for (size_t t = 0; t <= T; t++) {
        if (s->box != NULL) {
            veto_i_free(s->box[t]);
        }
        if (s->at != NULL) {
            veto_i_free(s->at[t]);
        }
        if (s->kc != NULL) {
            veto_i_free(s->kc[t]);
        }
    }
    veto_i_free(s->box);
    veto_i_free(s->at);
    veto_i_free(s->kc);
    veto_i_free(s->nbox);
    veto_i_free(s->stride);
    veto_i_free(s->lk);
    memset(s, 0, sizeof *s);
}

static size_t coord(const bb_t *s, size_t c, size_t k)
{
    return (c / s->stride[k]) % (s->size[k] + 1);
}

/* Levels' blocs and boxes: box(t) holds the c with c_k <= the members of
 * bloc k on levels t..T-1. */
static veto_status bb_init(bb_t *s, const bdd_mgr_t *g,
                           const veto_i_blocspec_t *bl, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t T = g->T, B = bl->nblocs;
    size_t *below = NULL;
    memset(s, 0, sizeof *s);
    s->B = B;
    s->size = bl->size;
    VETO_ALLOC(s->stride, veto_i_mallocarray(B + 1, sizeof *s->stride));
    VETO_ALLOC(s->lk, veto_i_mallocarray(T + 1, sizeof *s->lk));
    VETO_ALLOC(s->box, veto_i_calloc(T + 1, sizeof *s->box));
    VETO_ALLOC(s->at, veto_i_calloc(T + 1, sizeof *s->at));
    VETO_ALLOC(s->kc, veto_i_calloc(T + 1, sizeof *s->kc));
    VETO_ALLOC(s->nbox, veto_i_calloc(T + 1, sizeof *s->nbox));
    VETO_ALLOC(below, veto_i_calloc(B + 1, sizeof *below));
    s->S = 1;
    for (size_t k = 0; k < B; k++) {
        s->stride[k] = s->S;
        s->S *= bl->size[k] + 1; /* bounded by the caller's budget check */
    }
    for (size_t t = 0; t < T; t++) {
        s->lk[t] = bl->bloc_of[g->order[g->first[t]]];
    }
    for (size_t t = T + 1; t-- > 0;) {
        if (t < T && s->lk[t] >= 0) {
            below[s->lk[t]] += g->lv[t].m;
        }
        VETO_ALLOC(s->box[t], veto_i_mallocarray(s->S, sizeof(size_t)));
        VETO_ALLOC(s->at[t], veto_i_mallocarray(s->S, sizeof(uint32_t)));
        for (size_t c = 0; c < s->S; c++) {
            bool in = true;
            for (size_t k = 0; k < B && in; k++) {
                in = coord(s, c, k) <= below[k];
            }
            s->at[t][c] = in ? (uint32_t)s->nbox[t] : BDD_NIL;
            if (in) {
                s->box[t][s->nbox[t]++] = c;
            }
        }
        if (t < T && s->lk[t] >= 0) {
            VETO_ALLOC(s->kc[t],
                       veto_i_mallocarray(s->nbox[t], sizeof(size_t)));
            for (size_t b = 0; b < s->nbox[t]; b++) {
                s->kc[t][b] = coord(s, s->box[t][b], (size_t)s->lk[t]);
            }
        }
    }
cleanup:
    veto_i_free(below);
    return rc;
}

/* Values kept per node: the level's box. */
static uint64_t bb_values(const bb_t *s, const bdd_pass_t *p)
{
    uint64_t v = 0;
    for (size_t t = 0; t <= p->T; t++) {
        v = veto_i_sat_add(v, veto_i_sat_mul(p->cnt[t], s->nbox[t]));
    }
    return v;
}

/* ---- doubles ------------------------------------------------------------- */

static veto_status run_double(veto_i_beliefs_t *out, bdd_mgr_t *g,
                              const bdd_pass_t *p, const bb_t *s,
                              const mpq_t *belief, const veto_i_blocspec_t *bl,
                              veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t T = g->T;
    double **D = NULL, **H = NULL, *al = NULL, *be = NULL, *mk = NULL;
    mpq_t *mq = NULL;
    size_t maxa = 1, maxm = 0;
    for (size_t t = 0; t < T; t++) {
        maxa = g->lv[t].arity > maxa ? g->lv[t].arity : maxa;
    }
    for (size_t k = 0; k < s->B; k++) {
        maxm = bl->size[k] > maxm ? bl->size[k] : maxm;
    }
    VETO_ALLOC(D, veto_i_calloc(T + 1, sizeof *D));
    VETO_ALLOC(H, veto_i_calloc(T + 1, sizeof *H));
    for (size_t t = 0; t <= T; t++) {
        size_t len = p->cnt[t] * s->nbox[t] + 1;
        VETO_ALLOC(D[t], veto_i_calloc(len, sizeof(double)));
        VETO_ALLOC(H[t], veto_i_calloc(len, sizeof(double)));
    }
    VETO_ALLOC(al, veto_i_mallocarray(maxa + 1, sizeof *al));
    VETO_ALLOC(be, veto_i_mallocarray(maxa + 1, sizeof *be));
    VETO_ALLOC(mk, veto_i_mallocarray((maxm + 1) * (s->B + 1), sizeof *mk));
    VETO_ALLOC(mq, veto_i_mallocarray(maxm + 1, sizeof *mq));
    for (size_t c = 0; c <= maxm; c++) {
        mpq_init(mq[c]);
    }
    for (size_t k = 0; k < s->B; k++) {
        veto_i_beta_moments(mq, bl->a[k], bl->b[k], bl->size[k]);
        for (size_t c = 0; c <= bl->size[k]; c++) {
            mk[k * (maxm + 1) + c] = veto_i_q_to_double(mq[c]);
        }
    }
    for (size_t i = 0; i < p->cnt[T]; i++) {
        D[T][i] = (double)p->list[T][i]; /* box(T) = {0} */
    }
    /* Down: counts by yes votes per bloc, below each node. */
    for (size_t t = T; t-- > 0;) {
        VETO_TRY(veto_i_poll(g->ctx, 0.4 * (double)(T - t) / (double)T,
                             BDD_STAGE, err));
        size_t m = g->lv[t].m, st = 0, nb = s->nbox[t], nb1 = s->nbox[t + 1];
        long k = s->lk[t];
        double pd = k < 0 ? mpq_get_d(belief[g->order[g->first[t]]]) : 0;
        for (size_t j = 0; j <= m; j++) {
            al[j] =
                k >= 0 ? mpz_get_d(g->binom[t][j]) : bdd_binom_pmf(m, j, pd);
        }
        if (k >= 0) {
            st = s->stride[k];
        }
        const uint32_t *pos = p->pos[t + 1], *at1 = s->at[t + 1];
        const size_t *box = s->box[t], *kc = s->kc[t];
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            double *dv = D[t] + i * nb;
            for (size_t j = 0; j <= m; j++) {
                if (al[j] == 0) {
                    continue;
                }
                const double *dc =
                    D[t + 1] + (size_t)pos[bdd_kid(g, t, v, j)] * nb1;
                for (size_t b = 0; b < nb; b++) {
                    if (k >= 0 && kc[b] < j) {
                        continue;
                    }
                    uint32_t x = at1[box[b] - j * st];
                    if (x != BDD_NIL) {
                        dv[b] += al[j] * dc[x];
                    }
                }
            }
        }
    }
    double pact = 0;
    for (size_t b = 0; b < s->nbox[0]; b++) {
        size_t c = s->box[0][b];
        double mc = 1;
        for (size_t k = 0; k < s->B; k++) {
            mc *= mk[k * (maxm + 1) + coord(s, c, k)];
        }
        H[0][b] = mc;
        pact += D[0][b] * mc;
    }
    out->p_act = pact < 0 ? 0 : pact > 1 ? 1 : pact;
    /* Up with the moments applied, and decisiveness per level. */
    for (size_t t = 0; t < T; t++) {
        VETO_TRY(veto_i_poll(g->ctx, 0.4 + 0.6 * (double)t / (double)T,
                             BDD_STAGE, err));
        size_t m = g->lv[t].m, st = 0, top = 0;
        size_t nb = s->nbox[t], nb1 = s->nbox[t + 1];
        long k = s->lk[t];
        double pd = k < 0 ? mpq_get_d(belief[g->order[g->first[t]]]) : 0;
        for (size_t j = 0; j <= m; j++) {
            al[j] =
                k >= 0 ? mpz_get_d(g->binom[t][j]) : bdd_binom_pmf(m, j, pd);
            be[j] = j == m   ? 0
                    : k >= 0 ? mpz_get_d(g->binom1[t][j])
                             : bdd_binom_pmf(m - 1, j, pd);
        }
        const size_t *box = s->box[t], *box1 = s->box[t + 1], *kc = s->kc[t];
        const uint32_t *pos = p->pos[t + 1], *at = s->at[t],
                       *at1 = s->at[t + 1];
        if (k >= 0) {
            st = s->stride[k];
            for (size_t b = 0; b < nb; b++) {
                top = kc[b] > top ? kc[b] : top; /* members from t down */
            }
        }
        double dec = 0;
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            const double *hv = H[t] + i * nb;
            for (size_t j = 0; j <= m; j++) {
                if (al[j] == 0) {
                    continue;
                }
                double *hc = H[t + 1] + (size_t)pos[bdd_kid(g, t, v, j)] * nb1;
                for (size_t b = 0; b < nb1; b++) {
                    hc[b] += al[j] * hv[at[box1[b] + j * st]];
                }
            }
            for (size_t b = 0; b < nb; b++) {
                size_t ck = k >= 0 ? kc[b] : 0;
                if (k >= 0 && ck == top) {
                    continue; /* the others of the bloc number one fewer */
                }
                double e = 0;
                for (size_t j = 0; j < m; j++) {
                    if (be[j] == 0 || (k >= 0 && ck < j)) {
                        continue;
                    }
                    uint32_t x = at1[box[b] - j * st];
                    if (x == BDD_NIL) {
                        continue;
                    }
                    double hi =
                        D[t + 1]
                         [(size_t)pos[bdd_kid(g, t, v, j + 1)] * nb1 + x];
                    double lo =
                        D[t + 1][(size_t)pos[bdd_kid(g, t, v, j)] * nb1 + x];
                    e += be[j] * (hi - lo);
                }
                double h = hv[b] + (k >= 0 ? hv[at[box[b] + st]] : 0);
                dec += e * h;
            }
        }
        dec = dec < 0 ? 0 : dec > 1 ? 1 : dec;
        for (size_t x = g->first[t]; x < g->first[t + 1]; x++) {
            out->p_dec[g->order[x]] = dec;
        }
    }
cleanup:
    for (size_t t = 0; t <= T; t++) {
        if (D != NULL) {
            veto_i_free(D[t]);
        }
        if (H != NULL) {
            veto_i_free(H[t]);
        }
    }
    veto_i_free(D);
    veto_i_free(H);
    veto_i_free(al);
    veto_i_free(be);
    veto_i_free(mk);
    if (mq != NULL) {
        for (size_t c = 0; c <= maxm; c++) {
            mpq_clear(mq[c]);
        }
        veto_i_free(mq);
    }
    return rc;
}

/* ---- integers ------------------------------------------------------------ */

static mpz_t *zvec_new(size_t len)
{
    mpz_t *v = veto_i_mallocarray(len + 1, sizeof *v);
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpz_init(v[i]);
        }
    }
    return v;
}

static void zvec_free(mpz_t *v, size_t len)
{
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpz_clear(v[i]);
        }
        veto_i_free(v);
    }
}

/* a[j] = C(m, j) u^j (d - u)^(m - j) for the belief u/d, j = 0..m. */
static void level_weights(mpz_t *a, mpz_t *binom, size_t m, mpq_srcptr p)
{
    mpz_t x, y;
    mpz_init(x);
    mpz_init(y);
    mpz_sub(y, mpq_denref(p), mpq_numref(p));
    for (size_t j = 0; j <= m; j++) {
        mpz_pow_ui(x, mpq_numref(p), j);
        mpz_mul(a[j], binom[j], x);
        mpz_pow_ui(x, y, m - j);
        mpz_mul(a[j], a[j], x);
    }
    mpz_clear(x);
    mpz_clear(y);
}

static veto_status run_exact(veto_i_beliefs_t *out, bdd_mgr_t *g,
                             const bdd_pass_t *p, const bb_t *s,
                             const mpq_t *belief, const veto_i_blocspec_t *bl,
                             veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t T = g->T;
    mpz_t **D = NULL, **H = NULL, *al = NULL, *be = NULL, *DD = NULL;
    mpz_t *UD = NULL, *mk = NULL;
    mpq_t *mq = NULL;
    size_t maxa = 1, maxm = 0;
    mpz_t e, h, Q, den;
    mpq_t r;
    mpz_init(e);
    mpz_init(h);
    mpz_init(Q);
    mpz_init(den);
    mpq_init(r);
    for (size_t t = 0; t < T; t++) {
        maxa = g->lv[t].arity > maxa ? g->lv[t].arity : maxa;
    }
    for (size_t k = 0; k < s->B; k++) {
        maxm = bl->size[k] > maxm ? bl->size[k] : maxm;
    }
    VETO_ALLOC(D, veto_i_calloc(T + 1, sizeof *D));
    VETO_ALLOC(H, veto_i_calloc(T + 1, sizeof *H));
    for (size_t t = 0; t <= T; t++) {
        VETO_ALLOC(D[t], zvec_new(p->cnt[t] * s->nbox[t]));
        VETO_ALLOC(H[t], zvec_new(p->cnt[t] * s->nbox[t]));
    }
    VETO_ALLOC(al, zvec_new(maxa));
    VETO_ALLOC(be, zvec_new(maxa));
    VETO_ALLOC(DD, zvec_new(T + 1));
    VETO_ALLOC(UD, zvec_new(T + 1));
    VETO_ALLOC(mk, zvec_new((maxm + 1) * (s->B + 1)));
    VETO_ALLOC(mq, veto_i_mallocarray(maxm + 1, sizeof *mq));
    for (size_t c = 0; c <= maxm; c++) {
        mpq_init(mq[c]);
    }
    /* Moments over one denominator per bloc; UD[0] their product. */
    mpz_set_ui(UD[0], 1);
    for (size_t k = 0; k < s->B; k++) {
        veto_i_beta_moments(mq, bl->a[k], bl->b[k], bl->size[k]);
        mpz_set_ui(den, 1);
        for (size_t c = 0; c <= bl->size[k]; c++) {
            mpz_lcm(den, den, mpq_denref(mq[c]));
        }
        for (size_t c = 0; c <= bl->size[k]; c++) {
            mpz_ptr x = mk[k * (maxm + 1) + c];
            mpz_divexact(x, den, mpq_denref(mq[c]));
            mpz_mul(x, x, mpq_numref(mq[c]));
        }
        mpz_mul(UD[0], UD[0], den);
    }
    /* DD[t]: the denominator of D on level t; UD[t] that of H. */
    mpz_set_ui(DD[T], 1);
    for (size_t t = T; t-- > 0;) {
        mpz_set(DD[t], DD[t + 1]);
        if (s->lk[t] < 0) {
            mpq_srcptr b = belief[g->order[g->first[t]]];
            mpz_pow_ui(den, mpq_denref(b), g->lv[t].m);
            mpz_mul(DD[t], DD[t], den);
        }
    }
    for (size_t t = 0; t < T; t++) {
        mpz_set(UD[t + 1], UD[t]);
        if (s->lk[t] < 0) {
            mpq_srcptr b = belief[g->order[g->first[t]]];
            mpz_pow_ui(den, mpq_denref(b), g->lv[t].m);
            mpz_mul(UD[t + 1], UD[t + 1], den);
        }
    }
    for (size_t i = 0; i < p->cnt[T]; i++) {
        mpz_set_ui(D[T][i], p->list[T][i]); /* box(T) = {0} */
    }
    /* Down. */
    for (size_t t = T; t-- > 0;) {
        VETO_TRY(veto_i_poll(g->ctx, 0.4 * (double)(T - t) / (double)T,
                             BDD_STAGE, err));
        size_t m = g->lv[t].m, st = 0, nb = s->nbox[t], nb1 = s->nbox[t + 1];
        long k = s->lk[t];
        if (k >= 0) {
            st = s->stride[k];
            for (size_t j = 0; j <= m; j++) {
                mpz_set(al[j], g->binom[t][j]);
            }
        } else {
            level_weights(al, g->binom[t], m, belief[g->order[g->first[t]]]);
        }
        const uint32_t *pos = p->pos[t + 1], *at1 = s->at[t + 1];
        const size_t *box = s->box[t], *kc = s->kc[t];
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            mpz_t *dv = D[t] + i * nb;
            for (size_t j = 0; j <= m; j++) {
                if (mpz_sgn(al[j]) == 0) {
                    continue;
                }
                mpz_t *dc = D[t + 1] + (size_t)pos[bdd_kid(g, t, v, j)] * nb1;
                for (size_t b = 0; b < nb; b++) {
                    if (k >= 0 && kc[b] < j) {
                        continue;
                    }
                    uint32_t x = at1[box[b] - j * st];
                    if (x != BDD_NIL && mpz_sgn(dc[x]) != 0) {
                        mpz_addmul(dv[b], al[j], dc[x]);
                    }
                }
            }
        }
    }
    mpz_set_ui(Q, 0);
    for (size_t b = 0; b < s->nbox[0]; b++) {
        size_t c = s->box[0][b];
        mpz_ptr hc = H[0][b];
        mpz_set_ui(hc, 1);
        for (size_t k = 0; k < s->B; k++) {
            mpz_mul(hc, hc, mk[k * (maxm + 1) + coord(s, c, k)]);
        }
        mpz_addmul(Q, D[0][b], hc);
    }
    mpz_mul(den, UD[0], DD[0]);
    mpq_set_num(r, Q);
    mpq_set_den(r, den);
    mpq_canonicalize(r);
    out->p_act = veto_i_q_to_double(r);
    if (out->exact) {
        mpq_set(out->p_act_q, r);
    }
    /* Up with the moments applied, and decisiveness per level. */
    for (size_t t = 0; t < T; t++) {
        VETO_TRY(veto_i_poll(g->ctx, 0.4 + 0.6 * (double)t / (double)T,
                             BDD_STAGE, err));
        size_t m = g->lv[t].m, st = 0, top = 0;
        size_t nb = s->nbox[t], nb1 = s->nbox[t + 1];
        long k = s->lk[t];
        mpq_srcptr bel = belief[g->order[g->first[t]]];
        const size_t *box = s->box[t], *box1 = s->box[t + 1], *kc = s->kc[t];
        const uint32_t *pos = p->pos[t + 1], *at = s->at[t],
                       *at1 = s->at[t + 1];
        if (k >= 0) {
            st = s->stride[k];
            for (size_t j = 0; j <= m; j++) {
                mpz_set(al[j], g->binom[t][j]);
                if (j < m) {
                    mpz_set(be[j], g->binom1[t][j]);
                }
            }
            for (size_t b = 0; b < nb; b++) {
                top = kc[b] > top ? kc[b] : top; /* members from t down */
            }
        } else {
            level_weights(al, g->binom[t], m, bel);
            level_weights(be, g->binom1[t], m - 1, bel);
        }
        mpz_set_ui(Q, 0);
        for (size_t i = 0; i < p->cnt[t]; i++) {
            uint32_t v = p->list[t][i];
            mpz_t *hv = H[t] + i * nb;
            for (size_t j = 0; j <= m; j++) {
                if (mpz_sgn(al[j]) == 0) {
                    continue;
                }
                mpz_t *hc = H[t + 1] + (size_t)pos[bdd_kid(g, t, v, j)] * nb1;
                for (size_t b = 0; b < nb1; b++) {
                    mpz_ptr src = hv[at[box1[b] + j * st]];
                    if (mpz_sgn(src) != 0) {
                        mpz_addmul(hc[b], al[j], src);
                    }
                }
            }
            for (size_t b = 0; b < nb; b++) {
                size_t ck = k >= 0 ? kc[b] : 0;
                if (k >= 0 && ck == top) {
                    continue; /* the others of the bloc number one fewer */
                }
                mpz_set_ui(e, 0);
                for (size_t j = 0; j < m; j++) {
                    if (mpz_sgn(be[j]) == 0 || (k >= 0 && ck < j)) {
                        continue;
                    }
                    uint32_t x = at1[box[b] - j * st];
                    if (x == BDD_NIL) {
                        continue;
                    }
                    mpz_t *hi =
                        D[t + 1] + (size_t)pos[bdd_kid(g, t, v, j + 1)] * nb1;
                    mpz_t *lo =
                        D[t + 1] + (size_t)pos[bdd_kid(g, t, v, j)] * nb1;
                    mpz_sub(h, hi[x], lo[x]);
                    mpz_addmul(e, be[j], h);
                }
                if (mpz_sgn(e) == 0) {
                    continue;
                }
                if (k >= 0) {
                    mpz_add(h, hv[b], hv[at[box[b] + st]]);
                    mpz_addmul(Q, e, h);
                } else {
                    mpz_addmul(Q, e, hv[b]);
                }
            }
        }
        /* Q over UD[t] DD[t + 1] d^(m - 1) */
        mpz_mul(den, UD[t], DD[t + 1]);
        if (k < 0) {
            mpz_pow_ui(h, mpq_denref(bel), m - 1);
            mpz_mul(den, den, h);
        }
        mpq_set_num(r, Q);
        mpq_set_den(r, den);
        mpq_canonicalize(r);
        for (size_t x = g->first[t]; x < g->first[t + 1]; x++) {
            size_t pl = g->order[x];
            out->p_dec[pl] = veto_i_q_to_double(r);
            if (out->exact) {
                mpq_set(out->p_dec_q[pl], r);
            }
        }
        /* This level's H is no longer needed. */
        zvec_free(H[t], p->cnt[t] * nb);
        H[t] = NULL;
    }
cleanup:
    for (size_t t = 0; t <= T; t++) {
        if (D != NULL) {
            zvec_free(D[t], p->cnt[t] * s->nbox[t]);
        }
        if (H != NULL) {
            zvec_free(H[t], p->cnt[t] * s->nbox[t]);
        }
    }
    veto_i_free(D);
    veto_i_free(H);
    zvec_free(al, maxa);
    zvec_free(be, maxa);
    zvec_free(DD, T + 1);
    zvec_free(UD, T + 1);
    zvec_free(mk, (maxm + 1) * (s->B + 1));
    if (mq != NULL) {
        for (size_t c = 0; c <= maxm; c++) {
            mpq_clear(mq[c]);
        }
        veto_i_free(mq);
    }
    mpz_clear(e);
    mpz_clear(h);
    mpz_clear(Q);
    mpz_clear(den);
    mpq_clear(r);
    return rc;
}

/* ---- entry point --------------------------------------------------------- */

veto_status veto_i_bdd_bloc_beliefs(veto_i_beliefs_t *out,
                                    const veto_i_rule_t *r, size_t n,
                                    const mpq_t *belief,
                                    const veto_i_blocspec_t *bl, bool exact,
                                    const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bdd_mgr_t g;
    bdd_pass_t p = {0};
    bb_t s = {0};
    mpq_t *key = NULL;
    uint32_t f = BDD_NIL;
    memset(&g, 0, sizeof g);
    /* The blocs' dimensions, planned before anything is built. */
    uint64_t S = 1, members = 0;
    for (size_t k = 0; k < bl->nblocs; k++) {
        S = veto_i_sat_mul(S, (uint64_t)bl->size[k] + 1);
        members += bl->size[k];
    }
    bool dbl = !exact && members <= BDD_BLOC_DOUBLE_MAX;
    char sizes[96] = "", what[224];
    for (size_t k = 0, len = 0; k < bl->nblocs && len < sizeof sizes - 24;
         k++) {
        len += (size_t)snprintf(sizes + len, sizeof sizes - len, "%s%zu",
                                k == 0 ? "" : " x ", bl->size[k] + 1);
    }
    if (S >= (uint64_t)UINT32_MAX) {
        return veto_i_errorf(err, VETO_ELIMIT,
                             "blocs give %s counts of yes votes per node of "
                             "the decision diagram, more than it can index",
                             sizes);
    }
    /* Types refined by bloc (a key no belief can take: -1 - k) and, outside
     * the blocs, by belief. */
    VETO_ALLOC(key, veto_i_mallocarray(n + 1, sizeof *key));
    for (size_t i = 0; i < n; i++) {
        mpq_init(key[i]);
        if (bl->bloc_of[i] >= 0) {
            mpq_set_si(key[i], -1 - bl->bloc_of[i], 1);
        } else {
            mpq_set(key[i], belief[i]);
        }
    }
    VETO_TRY(bdd_mgr_build(&g, &f, r, n, (const mpq_t *)key, ctx, err));
    uint64_t nodes = 0;
    VETO_TRY(bdd_pass_reach(&p, &g, f, &nodes));
    snprintf(what, sizeof what,
             "beliefs with blocs on the decision diagram (%llu nodes, each "
             "with %s = %llu counts of yes votes in the blocs)",
             (unsigned long long)nodes, sizes, (unsigned long long)S);
    /* The boxes, then D and H: one value per node and count vector of its
     * level's box. An integer is about as wide as the counts (the members
     * of the blocs) times the beliefs' denominators. */
    uint64_t boxes = veto_i_sat_mul(
        (uint64_t)g.T + 1,
        veto_i_sat_mul(S, 2 * sizeof(size_t) + sizeof(uint32_t)));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(g.bytes, boxes), what,
                                 BDD_ADVICE, err));
    VETO_TRY(bb_init(&s, &g, bl, err));
    uint64_t per = sizeof(double);
    if (!dbl) {
        uint64_t bits = 64 + members;
        for (size_t t = 0; t < g.T; t++) {
            mpq_srcptr b = belief[g.order[g.first[t]]];
            if (bl->bloc_of[g.order[g.first[t]]] < 0) {
                bits = veto_i_sat_add(
                    bits, veto_i_sat_mul(g.lv[t].m,
                                         mpz_sizeinbase(mpq_denref(b), 2)));
            }
        }
        per = veto_i_sat_add(sizeof(mpz_t), bits / 8);
    }
    uint64_t bytes = veto_i_sat_add(
        boxes, veto_i_sat_mul(bb_values(&s, &p), veto_i_sat_mul(per, 2)));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(g.bytes, bytes), what,
                                 BDD_ADVICE, err));
    if (dbl) {
        rc = run_double(out, &g, &p, &s, belief, bl, err);
    } else {
        rc = run_exact(out, &g, &p, &s, belief, bl, err);
    }
cleanup:
    bb_free(&s, g.T);
    bdd_pass_free(&p);
    bdd_mgr_free(&g);
    if (key != NULL) {
        for (size_t i = 0; i < n; i++) {
            mpq_clear(key[i]);
        }
        veto_i_free(key);
    }
    return rc;
}
