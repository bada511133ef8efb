/*
 * dp_types.c: the typed dp: players of equal reduced weight are
 * interchangeable, and Shapley-Shubik, Deegan-Packel and Johnston come
 * from a recurrence in the coalition size; the cost model choosing it.
 */
#include "dp_i.h"

#include <string.h>

/* ---- types: the size-indexed tables by a recurrence in the size ----------
 *
 * Players of equal reduced weight are interchangeable: with d types of
 * weights w_j and multiplicities M_j the table by weight and size is
 *
 *     T(x, y) = F0(x) prod_j (1 + y x^{w_j})^{M_j}     (mod x^U),
 *
 * F0 a series free of y (1, or the product of the unmarked "light"
 * players for Johnston). Let Q_j = T / (1 + y x^{w_j}): the same table with
 * one player of type j taken out, exactly what the indices read. Then
 *
 *     d/dy T = sum_j M_j x^{w_j} Q_j        (differentiate the product),
 *     Q_j    = T - y x^{w_j} Q_j            (definition of Q_j),
 *
 * and the coefficients of y^k, T_k and Q_{j,k} (series in x), satisfy
 *
 *     (k + 1) T_{k+1} = sum_j M_j x^{w_j} Q_{j,k},
 *     Q_{j,k}         = T_k - x^{w_j} Q_{j,k-1},      Q_{j,-1} = 0.
 *
 * Both are exact modulo x^U (multiplying by x^w only moves coefficients
 * up) and modulo p (k + 1 <= m < p is invertible). So the rows for size
 * k + 1 follow from those for size k in O(d U) word operations, whatever
 * the multiplicities: the whole table costs O(d U kmax) instead of
 * O(m U kmax) for one pass per player, and only two rows of each Q_j are
 * alive at a time. Row k is zero below lo_k, the weight of the k lightest
 * marked players, so each row is worked from lo_k up.
 */

/* a * b mod p for a fixed b < p and any a < 2^32, with bq = floor(b 2^32 /
 * p) (Shoup): the quotient estimate is off by at most one. */
DP_INLINE u32 mul_shoup(u32 a, u32 b, u32 bq, u32 p)
{
    u32 qh = (u32)(((u64)a * bq) >> 32);
    u32 r = a * b - qh * p; /* in [0, 2p), computed mod 2^32 */
    return r >= p ? r - p : r;
}

static u32 shoup_pre(u32 b, u32 p)
{
    return (u32)(((u64)b << 32) / p);
}

/* acc[i] += b src[i], in 64 bits and not reduced: the caller bounds the
 * sum (src < 2^31, the b's of one row add up to at most m < 2^32). */
DP_CLONES
static void k_axpy64(u64 *restrict acc, const u32 *restrict src, size_t len,
                     u32 b)
{
    for (size_t i = 0; i < len; i++) {
        acc[i] += (u64)src[i] * b;
    }
}

/* dst[i] = b acc[i] mod p for acc[i] < 2^64: acc = hi 2^32 + lo, so
 * b acc = hi (b 2^32 mod p) + lo b (mod p); bc = b 2^32 mod p. */
DP_CLONES
static void k_reduce(u32 *restrict dst, const u64 *restrict acc, size_t len,
                     u32 bc, u32 bcq, u32 b, u32 bq, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        u32 hi = (u32)(acc[i] >> 32), lo = (u32)acc[i];
        dst[i] = addm(mul_shoup(hi, bc, bcq, p), mul_shoup(lo, b, bq, p), p);
    }
}

/* sum of a[lo..hi) (mod p), the bounds clamped to [0, len). */
static u32 window_sum(const u32 *a, int64_t lo, int64_t hi, size_t len, u32 p)
{
    if (lo < 0) {
        lo = 0;
    }
    if (hi > (int64_t)len) {
        hi = (int64_t)len;
    }
    u32 s = 0;
    for (int64_t t = lo; t < hi; t++) {
        s = addm(s, a[t], p);
    }
    return s;
}

typedef struct trun trun_t;
/* Called for k = 0, 1, ... with T_k and Q_{j,k} (j < h), rows of length U
 * (zero below lo_k). */
typedef void (*trun_visit)(const trun_t *tr, size_t k, const u32 *T,
                           u32 *const *Q);

struct trun {
    size_t h;         /* marked types 0..h-1 */
    const u64 *tw;    /* [h] weights, descending */
    const size_t *tm; /* [h] multiplicities, >= 1 */
    size_t U;         /* row length */
    const u32 *init;  /* [U] F0, or NULL for F0 = 1 */
    u32 p;
    trun_visit visit;
    void *user;
    poller_t *pl; /* polled every 64 rows */
    size_t prime;
    double frac;
    size_t lo; /* set by trun_go: row k is zero below lo */
};

/* Run the recurrence; false when out of memory or stopped. */
static bool trun_go(trun_t *tr)
{
    size_t h = tr->h, U = tr->U;
    u32 p = tr->p;
    bool ok = false;
    u32 *T = veto_i_calloc(U, sizeof *T);
    u64 *acc = veto_i_calloc(U, sizeof *acc);
    u32 *buf = veto_i_calloc(2 * h * U, sizeof *buf);
    u32 **Q = veto_i_calloc(2 * h, sizeof *Q);
    size_t *qlo = veto_i_calloc(2 * h, sizeof *qlo);
    u32 *bm = veto_i_calloc(h, sizeof *bm);
    if (T == NULL || acc == NULL || buf == NULL || Q == NULL || qlo == NULL ||
        bm == NULL) {
        goto done;
    }
    for (size_t j = 0; j < 2 * h; j++) {
        Q[j] = buf + j * U;
        qlo[j] = 0;
    }
    for (size_t j = 0; j < h; j++) {
        bm[j] = (u32)(tr->tm[j] % p);
    }
    u64 c32 = ((u64)1 << 32) % p;
    if (tr->init != NULL) {
        memcpy(T, tr->init, U * sizeof *T);
    } else {
        T[0] = 1;
    }
    u32 **qold = Q, **qnew = Q + h;
    size_t *lold = qlo, *lnew = qlo + h;
    /* lo_k: the k lightest marked players, taken from the last type up */
    size_t lt = h,
           left = 0; /* current type (from the light end), players left */
    u64 lo = 0;
    for (size_t k = 0;; k++) {
        size_t l = (size_t)lo;
        for (size_t j = 0; j < h; j++) {
            size_t w = (size_t)tr->tw[j];
            u32 *qn = qnew[j];
            if (lnew[j] < l) {
                memset(qn + lnew[j], 0, (l - lnew[j]) * sizeof *qn);
            }
            lnew[j] = l;
            /* Q_{j,k}[t] = T_k[t] - Q_{j,k-1}[t - w] */
            size_t a = l, b = w > l ? (w < U ? w : U) : l;
            if (b > a) {
                memcpy(qn + a, T + a, (b - a) * sizeof *qn);
            }
            if (U > b) {
                dp_k_diff(qn + b, T + b, qold[j] + b - w, U - b, p);
            }
        }
        tr->lo = l;
        tr->visit(tr, k, T, qnew);
        if ((k & 63) == 63 && !dp_poll_at(tr->pl, tr->prime, tr->frac)) {
            goto done;
        }
        /* the next lightest player */
        while (left == 0 && lt > 0) {
            lt--;
            left = tr->tm[lt];
        }
        if (left == 0) {
            break; /* every marked player is in: T_{k+1} = 0 */
        }
        left--;
        u64 nlo = lo + tr->tw[lt];
        if (nlo >= U) {
            break; /* T_{k+1} and all later rows vanish below U */
        }
        size_t nl = (size_t)nlo;
        /* sum_j M_j Q_{j,k}[t - w_j] < 2^31 sum_j M_j <= 2^31 m: fits */
        memset(T + l, 0, (nl - l) * sizeof *T);
        memset(acc + nl, 0, (U - nl) * sizeof *acc);
        for (size_t j = 0; j < h; j++) {
            size_t w = (size_t)tr->tw[j];
            size_t a = nl > w ? nl : w;
            if (U > a) {
                k_axpy64(acc + a, qnew[j] + a - w, U - a, bm[j]);
            }
        }
        u32 inv = (u32)dp_powm64((u64)(k + 1) % p, p - 2, p);
        u32 invc = (u32)(inv * c32 % p);
        k_reduce(T + nl, acc + nl, U - nl, invc, shoup_pre(invc, p), inv,
                 shoup_pre(inv, p), p);
        lo = nlo;
        u32 **ts = qold;
        qold = qnew;
        qnew = ts;
        size_t *ls = lold;
        lold = lnew;
        lnew = ls;
    }
    ok = true;
done:
    veto_i_free(T);
    veto_i_free(acc);
    veto_i_free(buf);
    veto_i_free(Q);
    veto_i_free(qlo);
    veto_i_free(bm);
    return ok;
}

/* The types of a reduced game: its weight classes. */
typedef struct types {
    u64 *w;    /* [d] descending */
    size_t *m; /* [d] */
} types_t;

static bool types_init(types_t *ty, const rgame_t *rg)
{
    ty->w = veto_i_mallocarray(rg->d, sizeof *ty->w);
    ty->m = veto_i_mallocarray(rg->d, sizeof *ty->m);
    if (ty->w == NULL || ty->m == NULL) {
        veto_i_free(ty->w);
        veto_i_free(ty->m);
        return false;
    }
    for (size_t c = 0; c < rg->d; c++) {
        ty->w[c] = rg->w[rg->cls[c]];
        ty->m[c] = rg->cls[c + 1] - rg->cls[c];
    }
    return true;
}

static void types_clear(types_t *ty)
{
    veto_i_free(ty->w);
    veto_i_free(ty->m);
    memset(ty, 0, sizeof *ty);
}

/* sum of a[i] b[i] (mod p) for len < 2^32: each product < 2^62 is added
 * as its low and high 32-bit halves, which cannot overflow 64 bits. */
DP_CLONES
static u32 k_dot(const u32 *restrict a, const u32 *restrict b, size_t len,
                 u32 p)
{
    u64 lo = 0, hi = 0;
    for (size_t i = 0; i < len; i++) {
        u64 pr = (u64)a[i] * b[i];
        lo += (u32)pr;
        hi += pr >> 32;
    }
    u64 c32 = ((u64)1 << 32) % p;
    return (u32)(((hi % p) * c32 + lo % p) % p);
}

/* One job for every size-indexed count of a typed game: the d runs of the
 * recurrence over the type prefixes 0..c serve Deegan-Packel (minimal
 * winning coalitions by size, by their lightest type c), Johnston (the
 * types 0..c are those heavier than the excess) and, in the run over all
 * types, Shapley-Shubik. Items: [ssi: d m][mwc: (d + 1)(m + 1)][jo: d (m + 1)]
 * at the offsets below, each part present only when asked. */
typedef struct tjob {
    job_t base;
    bool ssi, dpi, jo;
    size_t off_ssi, off_mwc, off_jo;
} tjob_t;

/* What the visitor of run c reads and writes. */
typedef struct tvis {
    const tjob_t *tj;
    size_t j; /* prime index */
    u32 *res;
    size_t c;              /* the lightest marked type */
    const u32 *lam;        /* Johnston: [(c + 1) U], see typed_prime */
    const size_t *lam_beg; /* [c + 1] lam[i] is zero below here */
    const size_t *lam_end; /* [c + 1] and from here on */
} tvis_t;

static inline void res_add(const tvis_t *tv, size_t item, u32 v)
{
    size_t r = tv->tj->base.crt->r;
    u32 p = tv->tj->base.crt->p[tv->j];
    u32 *x = &tv->res[item * r + tv->j];
    *x = addm(*x, v, p);
}

static inline void res_sub(const tvis_t *tv, size_t item, u32 v)
{
    size_t r = tv->tj->base.crt->r;
    u32 p = tv->tj->base.crt->p[tv->j];
    u32 *x = &tv->res[item * r + tv->j];
    *x = subm(*x, v, p);
}

/* Run c (types 0..c marked by size, T = F_c = prod_{j <= c} (1 + y
 * x^{w_j})^{M_j}, Q_i = F_c / (1 + y x^{w_i})), row k:
 *
 * Shapley-Shubik (c = d - 1 only): a class-i player swings through the
 * others of size k weighing [q - w_i, q).
 *
 * Deegan-Packel: a coalition whose lightest type is c is minimal winning
 * iff q <= w(S) < q + w_c (taking out its lightest member is the hardest
 * test), so
 *  - of size s: sum_c of [F_c - F_{c-1}]_s (the coalitions holding a
 *    type-c player) over weights [q, q + w_c); run c adds its own window
 *    and takes off the window [q, q + w_{c+1}) that run c + 1 would
 *    otherwise count for F_c;
 *  - of size s holding a given player of type i <= c: with the player
 *    fixed the rest, of size s - 1, weighs [q - w_i, q - w_i + w_c); its
 *    generating function is Q_i^{(c)} for c = i and Q_i^{(c)} - Q_i^{(c-1)}
 *    for c > i, and run c takes off its part of run c + 1's window alike.
 *
 * Johnston: when the excess e = w(S) - q lies in [elo, ehi] = [w_{c+1},
 * w_c - 1] ([0, w_c - 1] for c = d - 1), the critical members of S are
 * exactly those of types 0..c. A given player of type i <= c is critical
 * with k + 1 critical members in the coalitions {i} + R + L, R of types
 * 0..c with |R| = k (the row Q_{i,k}) and L of the lighter types with
 * q + elo <= w_i + w(R) + w(L) <= q + ehi: the dot product of the row with
 * lam_i(s) = #{L : w(L) in [q + elo - w_i - s, q + ehi - w_i - s]}. */
static void typed_visit(const trun_t *tr, size_t k, const u32 *T, u32 *const *Q)
{
    const tvis_t *tv = tr->user;
    const tjob_t *tj = tv->tj;
    const rgame_t *rg = tj->base.rg;
    size_t m = rg->m, K = m + 1, c = tv->c, U = tr->U;
    int64_t q = (int64_t)rg->q;
    u32 p = tr->p;
    if (tj->ssi && c + 1 == rg->d && k < m) {
        for (size_t i = 0; i <= c; i++) {
            res_add(tv, tj->off_ssi + i * m + k,
                    window_sum(Q[i], q - (int64_t)tr->tw[i], q, U, p));
        }
    }
    if (tj->dpi) {
        int64_t wc = (int64_t)tr->tw[c];
        bool next = c + 1 < rg->d;
        int64_t wn = next ? (int64_t)rg->w[rg->cls[c + 1]] : 0;
        if (k < K) {
            res_add(tv, tj->off_mwc + k, window_sum(T, q, q + wc, U, p));
            if (next) {
                res_sub(tv, tj->off_mwc + k, window_sum(T, q, q + wn, U, p));
            }
        }
        for (size_t i = 0; i <= c && k + 1 < K; i++) {
            int64_t wi = (int64_t)tr->tw[i];
            size_t item = tj->off_mwc + (1 + i) * K + k + 1;
            res_add(tv, item, window_sum(Q[i], q - wi, q - wi + wc, U, p));
            if (next) {
                res_sub(tv, item, window_sum(Q[i], q - wi, q - wi + wn, U, p));
            }
        }
    }
    if (tj->jo && k + 1 < K) {
        for (size_t i = 0; i <= c; i++) {
            size_t lo = tr->lo > tv->lam_beg[i] ? tr->lo : tv->lam_beg[i];
            size_t hi = tv->lam_end[i];
            if (hi > lo) {
                res_add(tv, tj->off_jo + i * K + k + 1,
                        k_dot(Q[i] + lo, tv->lam + i * U + lo, hi - lo, p));
            }
        }
    }
}

static bool typed_prime(const job_t *jb, size_t j, u32 *res)
{
    const tjob_t *tj = (const tjob_t *)jb;
    const rgame_t *rg = jb->rg;
    size_t d = rg->d, q = (size_t)rg->q;
    u32 p = jb->crt->p[j];
    size_t U = tj->dpi ? q + (size_t)rg->w[0] : q;
    types_t ty;
    if (!types_init(&ty, rg)) {
        return false;
    }
    bool ok = true;
    u32 *light = NULL, *lc = NULL, *lam = NULL;
    size_t *lam_end = NULL, *lam_beg = NULL;
    u64 light_w = 0; /* the light players' total weight */
    if (tj->jo) {
        light = veto_i_calloc(q, sizeof *light);
        lc = veto_i_calloc(q + 1, sizeof *lc);
        lam = veto_i_calloc(d * U, sizeof *lam);
        lam_end = veto_i_calloc(d, sizeof *lam_end);
        lam_beg = veto_i_calloc(d, sizeof *lam_beg);
        ok = light != NULL && lc != NULL && lam != NULL && lam_end != NULL &&
             lam_beg != NULL;
        if (ok) {
            light[0] = 1;
        }
    }
    /* every prefix for DPI and Johnston, the whole set alone for SSI; from
     * the whole set down, so that the light types join one at a time */
    size_t c_stop = (tj->dpi || tj->jo) ? 0 : d - 1;
    for (size_t c = d; ok && c-- > c_stop;) {
        if (tj->jo) {
            /* lc(x) = light subsets of weight < x, x = 0..q */
            lc[0] = 0;
            for (size_t t = 0; t < q; t++) {
                lc[t + 1] = addm(lc[t], light[t], p);
            }
            int64_t elo = c + 1 == d ? 0 : (int64_t)ty.w[c + 1];
            int64_t ehi = (int64_t)ty.w[c] - 1;
            for (size_t i = 0; i <= c; i++) {
                int64_t wi = (int64_t)ty.w[i];
                u32 *li = lam + i * U;
                /* weights of L in [q + elo - wi - s, q + ehi - wi - s] */
                int64_t end = (int64_t)q + ehi - wi + 1; /* s < end */
                if (end > (int64_t)U) {
                    end = (int64_t)U;
                }
                lam_end[i] = end > 0 ? (size_t)end : 0;
                /* no light subset weighs more than light_w */
                int64_t beg = (int64_t)q + elo - wi - (int64_t)light_w;
                lam_beg[i] = beg > 0 ? (size_t)beg : 0;
                for (size_t s = 0; s < lam_end[i]; s++) {
                    int64_t a = (int64_t)q + elo - wi - (int64_t)s;
                    int64_t b = (int64_t)q + ehi - wi - (int64_t)s + 1;
                    a = a < 0 ? 0 : a;
                    b = b < 0 ? 0 : b;
                    li[s] = subm(lc[b], lc[a], p);
                }
            }
        }
        tvis_t tv = {tj, j, res, c, lam, lam_beg, lam_end};
        trun_t tr = {c + 1,
                     ty.w,
                     ty.m,
                     U,
                     NULL,
                     p,
                     typed_visit,
                     &tv,
                     jb->pl,
                     j,
                     (double)(d - 1 - c) / (double)d,
                     0};
        ok = trun_go(&tr) && dp_poll_at(jb->pl, j, (double)(d - c) / (double)d);
        /* type c turns light */
        for (size_t x = 0; ok && tj->jo && x < ty.m[c]; x++) {
            light_w += ty.w[c]; /* <= m q */
            /* entries above the light weight so far are still zero */
            dp_series_mul(light, light_w + 1 < q ? (size_t)light_w + 1 : q,
                          (size_t)ty.w[c], p);
        }
    }
    veto_i_free(light);
    veto_i_free(lc);
    veto_i_free(lam);
    veto_i_free(lam_end);
    veto_i_free(lam_beg);
    types_clear(&ty);
    return ok;
}

/* Whether the typed recurrence is worth it for `which` (one NEED bit):
 * mode 1 always, 0 and 2 never, -1 by the cost model. Per prime the typed
 * tables cost about (4 d + 4) word operations per entry of the table by weight
 * and size (d types, Shoup multiplications), the pass per player m additions
 * (streamed eight players per sweep): for Shapley-Shubik typed when
 * 10 (d + 1) <= m (measured on 300 players of weights 1..1000 with 10 to
 * 60 distinct weights: equal at d = 30; 6 (d + 1) before the table pass
 * became 2.5-2.9 times faster); Deegan-Packel runs the recurrence once per type
 * prefix (d (d + 1) / 2 types in all) where the sweep (dp_sweep.c) turns every
 * player into a table of the same size once: typed when d (d + 1) <= m
 * (measured crossovers: d = 15 of 200 players, d = 20 of 500). Johnston: the
 * typed runs against the sweep (JOSW_TYPED in dp_i.h). The crossovers were
 * measured on 200 and 500 players with 5 to 80 distinct weights
 * (bench/README.md). */
bool dp_use_types(const rgame_t *rg, unsigned which, int mode)
{
    if (mode >= 0) {
        return mode == 1;
    }
    u64 d = rg->d, m = rg->m;
    if (which == VETO_I_NEED_SSI) {
        return 10 * (d + 1) <= m;
    }
    if (which == VETO_I_NEED_DPI) {
        return d * (d + 1) <= m; /* against the sweep of dp_sweep.c */
    }
    return JOSW_TYPED(d, m);
}

/* Shapley-Shubik, Deegan-Packel (with Holler) and Johnston, those of
 * `which` (NEED bits), by the typed recurrence in one job. Memory per
 * thread: (2 h + 3) U words for the rows (h <= d types, U <= q + w_max)
 * and d U for Johnston's light counts. */
veto_status dp_do_typed(veto_i_counts_t *out, const rgame_t *rg, unsigned which,
                        const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    size_t m = rg->m, K = m + 1, d = rg->d;
    bool ssi = (which & VETO_I_NEED_SSI) != 0;
    bool dpi = (which & VETO_I_NEED_DPI) != 0;
    bool jo = (which & VETO_I_NEED_JOHNSTON) != 0;
    VETO_TRY(dp_crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 n_ssi = ssi ? veto_i_sat_mul(d, m) : 0;
    u64 n_mwc = dpi ? veto_i_sat_mul(d + 1, K) : 0;
    u64 n_jo = jo ? veto_i_sat_mul(d, K) : 0;
    u64 items64 = veto_i_sat_add(veto_i_sat_add(n_ssi, n_mwc), n_jo);
    u64 U = rg->q + rg->w[0];
    u64 each = veto_i_sat_mul(veto_i_sat_mul(3 * d + 5, U), 4);
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the typed dp", ADVICE, err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    tjob_t tj = {{rg, &crt, &pl, typed_prime, items, false},
                 ssi,
                 dpi,
                 jo,
                 0,
                 (size_t)n_ssi,
                 (size_t)(n_ssi + n_mwc)};
    VETO_TRY(dp_run_primes(&tj.base, res, dp_fit_threads(ctx, shared, each, r),
                           err));
    if (ssi) {
        dp_ssi_finish(out, rg, &crt, res, digit);
    }
    if (dpi) {
        dp_mwc_finish(out, rg, true, &crt, res + tj.off_mwc * r, digit);
    }
    if (jo) {
        dp_jo_finish(out, rg, &crt, res + tj.off_jo * r, digit);
    }
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    dp_crt_clear(&crt);
    return rc;
}
