/*
 * udp.c: the coalitional values of a weighted game with unions (a
 * partition of the players), by the two-level generating function.
 *
 * A swing of player i of union k in the Owen-type values is a coalition
 * R + T: R whole other unions (r of them), T other members of k (t of
 * them), w(R) + w(T) < q <= w(R) + w(T) + w_i. The value weighs it by an
 * outer coefficient of r (Shapley r!(m-1-r)!/m!, Banzhaf 1/2^(m-1)) times
 * an inner one of t (Shapley t!(p-1-t)!/p!, Banzhaf 1/2^(p-1)). So:
 *
 *  - outer: A(r, a) = the number of sets of r unions of total weight a,
 *    a < q, from prod_k (1 + y x^{W_k}) (W_k the union's weight capped at
 *    q); for union k, A_k = A with k divided out (A_k(r, a) = A(r, a) -
 *    A_k(r - 1, a - W_k), increasing a), collapsed over r with the outer
 *    coefficient into G_k(a), and prefix sums of G_k;
 *  - inner: h(t, v) over the members of k, then for each member i the
 *    same division; H_i(v) = sum_t coefficient(t) h_i(t, v);
 *  - value_i = sum_v H_i(v) (PG_k(q - v) - PG_k(max(0, q - w_i - v))).
 *
 * Exact in GMP integers (the coefficients scaled to integers: m! p! for
 * Owen, 2^(m-1) 2^(p-1) for Banzhaf-Owen, 2^(m-1) p! for the symmetric
 * coalitional Banzhaf value), divided once at the end.
 * Time O(m^2 q + sum_k (m q + p_k^2 min(q, W_k))) additions of integers of
 * O(m + p) bits; memory (m + 1) q integers for A (Owen only; the Banzhaf
 * outer count has no r) and p_k min(q, W_k) inside a union.
 */
#include "counts.h"

#include <string.h>

typedef uint64_t u64;

static mpz_t *zarr(size_t len)
{
    mpz_t *v = veto_i_mallocarray(len == 0 ? 1 : len, sizeof *v);
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpz_init(v[i]);
        }
    }
    return v;
}

static void zfree(mpz_t *v, size_t len)
{
    if (v != NULL) {
        for (size_t i = 0; i < len; i++) {
            mpz_clear(v[i]);
        }
        veto_i_free(v);
    }
}

/* out[a] := sum over the unions other than k, by the coefficient cof[r]
 * of the number r of unions taken (cof NULL: 1), of the sets of weight a;
 * a < q. A is the full table (rows of q, m + 1 of them; one row when cof
 * is NULL), tmp a table of the same shape. */
static void outer_for(mpz_t *out, mpz_t *A, mpz_t *tmp, size_t m,
                      size_t q, u64 wk, mpz_t *cof)
{
    size_t R = cof != NULL ? m + 1 : 1;
    /* tmp = A with union k divided out */
    for (size_t r = 0; r < R; r++) {
        for (size_t a = 0; a < q; a++) {
            mpz_set(tmp[r * q + a], A[r * q + a]);
            if (a >= wk) {
                if (cof != NULL && r > 0) {
                    mpz_sub(tmp[r * q + a], tmp[r * q + a],
                            tmp[(r - 1) * q + a - wk]);
                } else if (cof == NULL) {
                    mpz_sub(tmp[a], tmp[a], tmp[a - wk]);
                }
            }
        }
    }
    for (size_t a = 0; a < q; a++) {
        if (cof == NULL) {
            mpz_set(out[a], tmp[a]);
            continue;
        }
        mpz_set_ui(out[a], 0);
        for (size_t r = 0; r < m; r++) {
            if (mpz_sgn(tmp[r * q + a]) != 0) {
                mpz_addmul(out[a], tmp[r * q + a], cof[r]);
            }
        }
    }
}

/* ---- machine words ------------------------------------------------------
 * With at most 20 unions of at most 20 players every count fits a word:
 * sets of unions weigh in at most 2^m, their Owen-weighted sum at most
 * sum_r C(m-1, r) r! (m-1-r)! = m! < 2^62, inside a union at most p! (and
 * 2^p); each value's numerator is at most m! p! < 2^124 (an __int128).
 * Dividing a union or a member out subtracts in words modulo 2^64, exact
 * because the results are below 2^64. */
#define SMALL_M 20
#define SMALL_P 20

__extension__ typedef unsigned __int128 u128;

static void mpz_set_u128(mpz_t z, u128 v)
{
    mpz_set_ui(z, (unsigned long)(uint64_t)(v >> 64));
    mpz_mul_2exp(z, z, 64);
    mpz_t lo;
    mpz_init(lo);
    mpz_set_ui(lo, (unsigned long)(uint64_t)(v >> 32 & 0xffffffffu));
    mpz_mul_2exp(lo, lo, 32);
    mpz_add(z, z, lo);
    mpz_add_ui(z, z, (unsigned long)(uint64_t)(v & 0xffffffffu));
    mpz_clear(lo);
}

static veto_status small_unions(mpq_t *owen, mpq_t *bo, mpq_t *scb, size_t n,
                                size_t m, size_t q, const u64 *w,
                                const u64 *W, const size_t *start,
                                const size_t *mem, const veto_i_ctx_t *ctx,
                                veto_error_t *err)
{
    veto_status rc = VETO_OK;
    bool need_r = owen != NULL, need_b = bo != NULL || scb != NULL;
    size_t R = m + 1;
    u64 *A = NULL, *Ak = NULL, *B = NULL, *Bk = NULL, *PG = NULL, *PB = NULL;
    u64 *h = NULL, *hi = NULL;
    u64 cofo[SMALL_M + 1], cofi[SMALL_P + 1];
    mpz_t z;
    mpz_init(z);
    (void)n;
    u64 words = veto_i_sat_add(veto_i_sat_mul(need_r ? R + 2 : 0, q),
                               veto_i_sat_mul(6 + 2 * (SMALL_P + 1), q + 1));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_mul(words, 8),
                                 "the dp for unions",
                                 &(const veto_i_advice_t){
                                     VETO_HINT_RAISE_LIMIT, "max_memory",
                                     NULL},
                                 err));
    if (need_r) {
        VETO_ALLOC(A, veto_i_calloc(R * q, sizeof *A));
        VETO_ALLOC(Ak, veto_i_calloc(2 * q, sizeof *Ak));
        VETO_ALLOC(PG, veto_i_calloc(q + 1, sizeof *PG));
        A[0] = 1;
        for (size_t k = 0; k < m; k++) {
            size_t wk = (size_t)W[k];
            for (size_t r = k + 1; r-- > 0;) {
                u64 *dst = A + (r + 1) * q, *src = A + r * q;
                for (size_t a = q; a-- > wk;) {
                    dst[a] += src[a - wk];
                }
            }
        }
        for (size_t r = 0; r < m; r++) {
            /* r! (m-1-r)! */
            u64 f = 1;
            for (size_t x = 2; x <= r; x++) {
                f *= x;
            }
            for (size_t x = 2; x <= m - 1 - r; x++) {
                f *= x;
            }
            cofo[r] = f;
        }
    }
    if (need_b) {
        VETO_ALLOC(B, veto_i_calloc(q, sizeof *B));
        VETO_ALLOC(Bk, veto_i_calloc(q, sizeof *Bk));
        VETO_ALLOC(PB, veto_i_calloc(q + 1, sizeof *PB));
        B[0] = 1;
        for (size_t k = 0; k < m; k++) {
            size_t wk = (size_t)W[k];
            for (size_t a = q; a-- > wk;) {
                B[a] += B[a - wk];
            }
        }
    }
    VETO_ALLOC(h, veto_i_calloc((SMALL_P + 1) * (q + 1), sizeof *h));
    VETO_ALLOC(hi, veto_i_calloc((SMALL_P + 1) * (q + 1), sizeof *hi));
    for (size_t k = 0; k < m; k++) {
        VETO_TRY(veto_i_poll(ctx, (double)k / (double)m, "dp unions", err));
        size_t wk = (size_t)W[k];
        if (need_r) {
            /* A with union k divided out, row by row (two rows), each
             * row added into G = PG + 1 with its coefficient */
            u64 *G = PG + 1, *prev = Ak, *cur = Ak + q;
            memset(G, 0, q * sizeof *G);
            for (size_t r = 0; r < m; r++) {
                const u64 *arow = A + r * q;
                u64 c = cofo[r];
                size_t lim = wk < q ? wk : q;
                for (size_t a = 0; a < lim; a++) {
                    cur[a] = arow[a];
                    G[a] += c * cur[a];
                }
                if (r == 0) {
                    for (size_t a = lim; a < q; a++) {
                        cur[a] = arow[a];
                        G[a] += c * cur[a];
                    }
                } else {
                    for (size_t a = lim; a < q; a++) {
                        cur[a] = arow[a] - prev[a - wk];
                        G[a] += c * cur[a];
                    }
                }
                u64 *t = prev;
                prev = cur;
                cur = t;
            }
            /* prefix sums in place: PG[a + 1] = PG[a] + G[a] */
            PG[0] = 0;
            for (size_t a = 0; a < q; a++) {
                PG[a + 1] += PG[a];
            }
        }
        if (need_b) {
            memcpy(Bk, B, q * sizeof *Bk);
            for (size_t a = wk; a < q; a++) {
                Bk[a] -= Bk[a - wk];
            }
            PB[0] = 0;
            for (size_t a = 0; a < q; a++) {
                PB[a + 1] = PB[a] + Bk[a];
            }
        }
        size_t p = start[k + 1] - start[k];
        const size_t *mk = mem + start[k];
        /* the members' table by (size, weight), weights <= vmax < q */
        size_t vmax = 0;
        for (size_t b = 0; b < p; b++) {
            vmax += (size_t)w[mk[b]];
        }
        vmax = vmax < q ? vmax : q - 1;
        size_t V = vmax + 1;
        memset(h, 0, (p + 1) * V * sizeof *h);
        h[0] = 1;
        size_t reach = 0;
        for (size_t b = 0; b < p; b++) {
            size_t wb = (size_t)w[mk[b]];
            reach = reach + wb < vmax ? reach + wb : vmax;
            for (size_t t = b + 1; t-- > 0;) {
                u64 *dst = h + (t + 1) * V, *src = h + t * V;
                for (size_t v = reach + 1; v-- > wb;) {
                    dst[v] += src[v - wb];
                }
            }
        }
        for (size_t t = 0; t < p; t++) {
            u64 f = 1;
            for (size_t x = 2; x <= t; x++) {
                f *= x;
            }
            for (size_t x = 2; x <= p - 1 - t; x++) {
                f *= x;
            }
            cofi[t] = f;
        }
        /* Banzhaf inside needs no sizes: hb(v) = sum_t h(t, v) */
        bool need_t = owen != NULL || scb != NULL;
        u64 *hb = h + p * V; /* row p: free until now (h(p, .) unused) */
        for (size_t v = 0; v < V; v++) {
            u64 c = 0;
            for (size_t t = 0; t <= p; t++) {
                c += h[t * V + v];
            }
            hi[p * V + v] = c;
        }
        memcpy(hb, hi + p * V, V * sizeof *hb);
        for (size_t b = 0; b < p; b++) {
            size_t i = mk[b];
            size_t wi = (size_t)w[i];
            u64 *hbi = hi + p * V; /* hb with member i divided out */
            memcpy(hbi, hb, V * sizeof *hbi);
            for (size_t v = wi; v < V; v++) {
                hbi[v] -= hbi[v - wi];
            }
            if (need_t) {
                memcpy(hi, h, p * V * sizeof *hi);
                for (size_t t = 1; t < p; t++) {
                    u64 *row = hi + t * V, *prev = hi + (t - 1) * V;
                    for (size_t v = wi; v < V; v++) {
                        row[v] -= prev[v - wi];
                    }
                }
            }
            u128 acc = 0, accb = 0, accs = 0;
            for (size_t v = 0; v < V; v++) {
                u64 H = 0, HB = hbi[v];
                if (HB == 0) {
                    continue;
                }
                if (need_t) {
                    for (size_t t = 0; t < p; t++) {
                        H += hi[t * V + v] * cofi[t];
                    }
                }
                size_t top = q - v;
                size_t lo = top > wi ? top - wi : 0;
                if (need_r) {
                    acc += (u128)(PG[top] - PG[lo]) * H;
                }
                if (need_b) {
                    u64 d = PB[top] - PB[lo];
                    accb += (u128)d * HB;
                    accs += (u128)d * H;
                }
            }
            if (owen != NULL) {
                mpz_set_u128(mpq_numref(owen[i]), acc);
                mpz_fac_ui(mpq_denref(owen[i]), m);
                mpz_fac_ui(z, p);
                mpz_mul(mpq_denref(owen[i]), mpq_denref(owen[i]), z);
                mpq_canonicalize(owen[i]);
            }
            if (bo != NULL) {
                mpz_set_u128(mpq_numref(bo[i]), accb);
                mpz_set_ui(mpq_denref(bo[i]), 1);
                mpq_div_2exp(bo[i], bo[i], (mp_bitcnt_t)(m - 1 + p - 1));
            }
            if (scb != NULL) {
                mpz_set_u128(mpq_numref(scb[i]), accs);
                mpz_fac_ui(mpq_denref(scb[i]), p);
                mpq_canonicalize(scb[i]);
                mpq_div_2exp(scb[i], scb[i], (mp_bitcnt_t)(m - 1));
            }
        }
    }
cleanup:
    veto_i_free(A);
    veto_i_free(Ak);
    veto_i_free(B);
    veto_i_free(Bk);
    veto_i_free(PG);
    veto_i_free(PB);
    veto_i_free(h);
    veto_i_free(hi);
    mpz_clear(z);
    return rc;
}

veto_status veto_i_dp_unions(mpq_t *owen, mpq_t *bo, mpq_t *scb,
                             const veto_i_wgame_t *g, const size_t *union_of,
                             const veto_i_ctx_t *ctx, veto_error_t *err)
{
    return veto_i_dp_unions_mode(owen, bo, scb, g, union_of, 0, ctx, err);
}

veto_status veto_i_dp_unions_mode(mpq_t *owen, mpq_t *bo, mpq_t *scb,
                                  const veto_i_wgame_t *g,
                                  const size_t *union_of, int mode,
                                  const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n, m = 0;
    u64 *w = NULL, *W = NULL;
    size_t *mem = NULL, *start = NULL;
    mpz_t *A = NULL, *B = NULL, *tmp = NULL, *tmpb = NULL;
    mpz_t *G = NULL, *GB = NULL, *PG = NULL, *PB = NULL;
    mpz_t *h = NULL, *hi = NULL, *H = NULL, *HB = NULL;
    mpz_t *cofo = NULL, *cofi = NULL;
    size_t lenA = 0, lenB = 0, q = 0, lenh = 0, pmax = 0, lenc = 0;
    mpz_t t1, acc, accb, accs;
    mpz_inits(t1, acc, accb, accs, NULL);
    for (size_t i = 0; i < n; i++) {
        if (owen) {
            mpq_set_ui(owen[i], 0, 1);
        }
        if (bo) {
            mpq_set_ui(bo[i], 0, 1);
        }
        if (scb) {
            mpq_set_ui(scb[i], 0, 1);
        }
        if (union_of[i] + 1 > m) {
            m = union_of[i] + 1;
        }
    }
    mpz_t total;
    mpz_init(total);
    for (size_t i = 0; i < n; i++) {
        mpz_add(total, total, g->w[i]);
    }
    bool trivial = mpz_sgn(g->quota) <= 0 || mpz_cmp(g->quota, total) > 0;
    mpz_clear(total);
    if (n == 0 || trivial) {
        goto cleanup; /* every coalition or none wins: no swings */
    }
    if (mpz_sizeinbase(g->quota, 2) > 40) {
        rc = veto_i_errorf(err, VETO_ELIMIT,
                           "the dp for unions cannot take a quota of %zu "
                           "bits",
                           mpz_sizeinbase(g->quota, 2));
        goto cleanup;
    }
    q = (size_t)mpz_get_ui(g->quota);
    VETO_ALLOC(w, veto_i_calloc(n, sizeof *w));
    VETO_ALLOC(W, veto_i_calloc(m, sizeof *W));
    VETO_ALLOC(start, veto_i_calloc(m + 1, sizeof *start));
    VETO_ALLOC(mem, veto_i_calloc(n, sizeof *mem));
    for (size_t i = 0; i < n; i++) {
        w[i] = mpz_cmp_ui(g->w[i], q) >= 0 ? q : mpz_get_ui(g->w[i]);
        W[union_of[i]] += w[i]; /* <= n q < 2^64 */
        start[union_of[i] + 1]++;
    }
    for (size_t k = 0; k < m; k++) {
        if (W[k] > q) {
            W[k] = q;
        }
        if (start[k + 1] > pmax) {
            pmax = start[k + 1];
        }
        start[k + 1] += start[k];
    }
    {
        size_t *fill = veto_i_calloc(m + 1, sizeof *fill);
        VETO_ALLOC(fill, fill);
        for (size_t i = 0; i < n; i++) {
            mem[start[union_of[i]] + fill[union_of[i]]++] = i;
        }
        veto_i_free(fill);
    }
    if (mode != 2 && m <= SMALL_M && pmax <= SMALL_P) {
        rc = small_unions(owen, bo, scb, n, m, q, w, W, start, mem, ctx, err);
        goto cleanup;
    }
    bool need_r = owen != NULL;
    bool need_b = bo != NULL || scb != NULL;
    size_t inner = q; /* the inner tables' rows: weights below q */
    lenA = need_r ? (m + 1) * q : 0;
    lenB = need_b ? q : 0;
    lenh = (pmax + 1) * inner;
    lenc = (m > pmax ? m : pmax) + 1;
    /* 2 A, 2 B, G, GB, PG, PB (q + 1), h, hi, H, HB: integers of about
     * (m + p) bits, 48 bytes each with GMP's header and one limb */
    u64 ints = veto_i_sat_add(veto_i_sat_mul(2, lenA + lenB),
                              veto_i_sat_add(veto_i_sat_mul(6, q + 1),
                                             veto_i_sat_mul(2, lenh)));
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_mul(ints, 48),
                                 "the dp for unions",
                                 &(const veto_i_advice_t){
                                     VETO_HINT_RAISE_LIMIT, "max_memory",
                                     NULL},
                                 err));
    VETO_ALLOC(cofo, zarr(lenc));
    VETO_ALLOC(cofi, zarr(lenc));
    if (need_r) {
        VETO_ALLOC(A, zarr(lenA));
        VETO_ALLOC(tmp, zarr(lenA));
        VETO_ALLOC(G, zarr(q));
        VETO_ALLOC(PG, zarr(q + 1));
        mpz_set_ui(A[0], 1);
        for (size_t k = 0; k < m; k++) {
            u64 wk = W[k];
            for (size_t r = k + 1; r-- > 0;) {
                for (size_t a = q; a-- > wk;) {
                    mpz_add(A[(r + 1) * q + a], A[(r + 1) * q + a],
                            A[r * q + a - wk]);
                }
            }
            VETO_TRY(veto_i_poll(ctx, 0.3 * (double)(k + 1) / (double)m,
                                 "dp unions", err));
        }
        /* r! (m-1-r)! */
        for (size_t r = 0; r < m; r++) {
            mpz_fac_ui(cofo[r], r);
            mpz_fac_ui(t1, m - 1 - r);
            mpz_mul(cofo[r], cofo[r], t1);
        }
    }
    if (need_b) {
        VETO_ALLOC(B, zarr(lenB));
        VETO_ALLOC(tmpb, zarr(lenB));
        VETO_ALLOC(GB, zarr(q));
        VETO_ALLOC(PB, zarr(q + 1));
        mpz_set_ui(B[0], 1);
        for (size_t k = 0; k < m; k++) {
            for (size_t a = q; a-- > W[k];) {
                mpz_add(B[a], B[a], B[a - W[k]]);
            }
        }
    }
    VETO_ALLOC(h, zarr(lenh));
    VETO_ALLOC(hi, zarr(lenh));
    VETO_ALLOC(H, zarr(inner));
    VETO_ALLOC(HB, zarr(inner));
    for (size_t k = 0; k < m; k++) {
        VETO_TRY(veto_i_poll(ctx, 0.3 + 0.7 * (double)k / (double)m,
                             "dp unions", err));
        if (need_r) {
            outer_for(G, A, tmp, m, q, W[k], cofo);
            mpz_set_ui(PG[0], 0);
            for (size_t a = 0; a < q; a++) {
                mpz_add(PG[a + 1], PG[a], G[a]);
            }
        }
        if (need_b) {
            outer_for(GB, B, tmpb, m, q, W[k], NULL);
            mpz_set_ui(PB[0], 0);
            for (size_t a = 0; a < q; a++) {
                mpz_add(PB[a + 1], PB[a], GB[a]);
            }
        }
        size_t p = start[k + 1] - start[k];
        const size_t *mk = mem + start[k];
        /* the members' table by (size, weight), weights < q */
        size_t P1 = p + 1;
        size_t vmax = 0; /* weights reached, < q */
        for (size_t x = 0; x < P1 * q && x < lenh; x++) {
            mpz_set_ui(h[x], 0);
        }
        mpz_set_ui(h[0], 1);
        for (size_t b = 0; b < p; b++) {
            u64 wb = w[mk[b]];
            vmax = vmax + wb < q ? vmax + (size_t)wb : q - 1;
            for (size_t t = b + 1; t-- > 0;) {
                for (size_t v = vmax + 1; v-- > wb;) {
                    mpz_add(h[(t + 1) * q + v], h[(t + 1) * q + v],
                            h[t * q + v - wb]);
                }
            }
        }
        /* t! (p-1-t)! */
        for (size_t t = 0; t < p; t++) {
            mpz_fac_ui(cofi[t], t);
            mpz_fac_ui(t1, p - 1 - t);
            mpz_mul(cofi[t], cofi[t], t1);
        }
        for (size_t b = 0; b < p; b++) {
            size_t i = mk[b];
            u64 wi = w[i];
            /* hi = h with member i divided out */
            for (size_t t = 0; t < p; t++) {
                for (size_t v = 0; v <= vmax; v++) {
                    mpz_set(hi[t * q + v], h[t * q + v]);
                    if (t > 0 && v >= wi) {
                        mpz_sub(hi[t * q + v], hi[t * q + v],
                                hi[(t - 1) * q + v - wi]);
                    }
                }
            }
            mpz_set_ui(acc, 0);
            mpz_set_ui(accb, 0);
            mpz_set_ui(accs, 0);
            for (size_t v = 0; v <= vmax; v++) {
                mpz_set_ui(H[v], 0);
                mpz_set_ui(HB[v], 0);
                for (size_t t = 0; t < p; t++) {
                    if (mpz_sgn(hi[t * q + v]) != 0) {
                        mpz_addmul(H[v], hi[t * q + v], cofi[t]);
                        mpz_add(HB[v], HB[v], hi[t * q + v]);
                    }
                }
                if (mpz_sgn(HB[v]) == 0) {
                    continue;
                }
                size_t hiend = q - v; /* a < q - v */
                size_t lo = q - v > wi ? q - v - (size_t)wi : 0;
                if (need_r) {
                    mpz_sub(t1, PG[hiend], PG[lo]);
                    mpz_addmul(acc, t1, H[v]);
                }
                if (need_b) {
                    mpz_sub(t1, PB[hiend], PB[lo]);
                    mpz_addmul(accb, t1, HB[v]);
                    mpz_addmul(accs, t1, H[v]);
                }
            }
            if (owen != NULL) {
                mpq_set_z(owen[i], acc);
                mpz_fac_ui(mpq_denref(owen[i]), m);
                mpz_fac_ui(t1, p);
                mpz_mul(mpq_denref(owen[i]), mpq_denref(owen[i]), t1);
                mpq_canonicalize(owen[i]);
            }
            if (bo != NULL) {
                mpq_set_z(bo[i], accb);
                mpq_div_2exp(bo[i], bo[i], (mp_bitcnt_t)(m - 1 + p - 1));
            }
            if (scb != NULL) {
                mpq_set_z(scb[i], accs);
                mpz_fac_ui(mpq_denref(scb[i]), p);
                mpq_canonicalize(scb[i]);
                mpq_div_2exp(scb[i], scb[i], (mp_bitcnt_t)(m - 1));
            }
        }
    }
cleanup:
    zfree(A, lenA);
    zfree(tmp, lenA);
    zfree(B, lenB);
    zfree(tmpb, lenB);
    zfree(G, G != NULL ? q : 0);
    zfree(PG, PG != NULL ? q + 1 : 0);
    zfree(GB, GB != NULL ? q : 0);
    zfree(PB, PB != NULL ? q + 1 : 0);
    zfree(h, lenh);
    zfree(hi, lenh);
    zfree(H, H != NULL ? q : 0);
    zfree(HB, HB != NULL ? q : 0);
    zfree(cofo, lenc);
    zfree(cofi, lenc);
    veto_i_free(w);
    veto_i_free(W);
    veto_i_free(mem);
    veto_i_free(start);
    mpz_clears(t1, acc, accb, accs, NULL);
    return rc;
}
