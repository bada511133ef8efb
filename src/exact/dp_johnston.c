/*
 * dp_johnston.c: the dp passes for the Johnston index: by the excess classes
 * (jo_prime, kept as the reference) and by one sweep (josw_prime).
 */
#include "dp_i.h"

#include <string.h>

/* ---- Johnston ------------------------------------------------------------ */

/* Residues: item c (m + 1) + k = winning coalitions in which a given class-c
 * player is critical and exactly k players are critical. */
static bool jo_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m, d = rg->d;
    size_t K = m + 1;
    size_t U = q + (size_t)rg->w[0]; /* w(S) < q + max weight when e < w */
    u32 *ah = veto_i_calloc(U * K, sizeof *ah);
    u32 *tmp = veto_i_calloc(U * K, sizeof *tmp);
    u32 *lw = veto_i_calloc(U, sizeof *lw);
    u32 *lc = veto_i_calloc(U + 1, sizeof *lc);
    u32 *lam = veto_i_calloc(U, sizeof *lam);
    u64 *acc = veto_i_calloc(K, sizeof *acc);
    u32 *cnt = veto_i_calloc(d * K, sizeof *cnt);
    bool ok = ah && tmp && lw && lc && lam && acc && cnt;
    if (!ok) {
        goto done;
    }
    ah[0] = 1;
    lw[0] = 1;
    for (size_t x = 0; x < m; x++) {
        size_t w = (size_t)rg->w[x];
        for (size_t t = U; t-- > w;) {
            dp_k_add(ah + t * K + 1, ah + (t - w) * K, K - 1, p);
        }
    }
    for (size_t h = d; h >= 1; h--) {
        /* heavy: classes 0..h-1; e in [lo, hi] */
        size_t lo = h == d ? 0 : (size_t)rg->w[rg->cls[h]];
        size_t hi = (size_t)rg->w[rg->cls[h - 1]] - 1;
        lc[0] = 0;
        for (size_t t = 0; t < U; t++) {
            lc[t + 1] = addm(lc[t], lw[t], p);
        }
        /* lam(s): light subsets with q + lo <= s + w(L) <= q + hi */
        for (size_t s = 0; s < U; s++) {
            size_t a = q + lo > s ? q + lo - s : 0;
            size_t b = q + hi + 1 > s ? q + hi + 1 - s : 0;
            a = a > U ? U : a;
            b = b > U ? U : b;
            lam[s] = subm(lc[b], lc[a], p);
        }
        for (size_t c = 0; c < h; c++) {
            size_t w = (size_t)rg->w[rg->cls[c]];
            memcpy(tmp, ah, U * K * sizeof *tmp);
            for (size_t t = w; t < U; t++) {
                dp_k_sub(tmp + t * K + 1, tmp + (t - w) * K, K - 1, p);
            }
            memset(acc, 0, K * sizeof *acc);
            for (size_t s = w; s < U; s++) {
                u32 l = lam[s];
                if (l == 0) {
                    continue;
                }
                const u32 *row = tmp + (s - w) * K;
                for (size_t k = 1; k < K; k++) {
                    acc[k] = (acc[k] + (u64)row[k - 1] * l) % p;
                }
            }
            for (size_t k = 0; k < K; k++) {
                cnt[c * K + k] = addm(cnt[c * K + k], (u32)acc[k], p);
            }
        }
        /* class h-1 turns light */
        size_t w = (size_t)rg->w[rg->cls[h - 1]];
        for (size_t x = rg->cls[h - 1]; x < rg->cls[h]; x++) {
            for (size_t t = w; t < U; t++) {
                dp_k_sub(ah + t * K + 1, ah + (t - w) * K, K - 1, p);
            }
            dp_series_mul(lw, U, w, p);
        }
        if (!dp_poll_at(jb->pl, j, (double)(d - h + 1) / (double)d)) {
            ok = false;
            goto done;
        }
    }
    for (size_t x = 0; x < d * K; x++) {
        res[x * r + j] = cnt[x];
    }
done:
    veto_i_free(cnt);
    veto_i_free(ah);
    veto_i_free(tmp);
    veto_i_free(lw);
    veto_i_free(lc);
    veto_i_free(lam);
    veto_i_free(acc);
    return ok;
}

/* ---- Johnston by one sweep over the excess classes -----------------------
 *
 * Below the O(r d^2 m q) of jo_prime and the O(r d^2 k q) of the typed
 * runs: O(r (m Q + d^2 k min(k, q / w_min))) word operations, Q the
 * entries of the table by weight and size (<= (q + 1) k), k the most
 * players lighter than q together.
 *
 * Types 0..d-1 of weights w_0 > ... > w_{d-1} and multiplicities M_j, and
 * w_d = 0. For c = 0..d-1 let E_c = [w_{c+1}, w_c - 1]; these windows
 * partition [0, w_0 - 1]. A winning S of excess e = w(S) - q in E_c has as
 * critical members exactly its members of types 0..c: a member of weight
 * w is critical iff w(S) - w < q, i.e. w > e, and w_j > e >= w_{c+1} for
 * j <= c while w_j <= w_{c+1} <= e for j > c. (An S of excess >= w_0 has
 * no critical member and adds nothing.) Mark the members of types 0..c
 * ("heavy") by y:
 *
 *     Phi_c(x, y) = prod_{j <= c} (1 + y x^{w_j})^{M_j}
 *                   prod_{j > c} (1 + x^{w_j})^{M_j}.
 *
 * For a player i of type t <= c, Phi_c / (1 + y x^{w_t}) counts the
 * coalitions of the others by weight and number of heavy members, so the
 * winning S containing i with e in E_c and k + 1 critical members (i is
 * one of them) number
 *
 *     J_c(t, k + 1) = sum_{u = a}^{b - 1} [x^u y^k] Phi_c / (1 + y x^{w_t}),
 *     a = q + w_{c+1} - w_t,  b = q + w_c - w_t,
 *
 * and i's count with k + 1 critical members is sum_{c >= t} J_c(t, k + 1).
 * Since w_{c+1} < w_c <= w_t <= q, 0 <= a < b <= q. Let C_c = x Phi_c /
 * (1 - x), the prefix sums C_c[u] = sum_{v < u} Phi_c[v]; a window is a
 * difference of two of them. Dividing by 1 + y x^{w_t} (a unit of the
 * power series ring) gives D[u, k] = C_c[u, k] - D[u - w_t, k - 1], so
 *
 *     J_c(t, k + 1) = sum_{l = 0}^{k} (-1)^l (C_c[b - l w_t, k - l]
 *                                             - C_c[a - l w_t, k - l])
 *
 * (terms at negative positions are zero): two positions per (c, t) and
 * O(k min(k, q / w_t)) words, never the table of a divided product.
 *
 * C_c follows from C_{c-1} (C_{-1}: every player unmarked) by turning the
 * M_c players of type c heavy, one at a time, each by the factor
 * (1 + y x^w) / (1 + x^w). All factors are series in x with constant term
 * 1, so they commute with the prefix sum x / (1 - x) and with truncation
 * at x^{q+1}, and they are polynomials in y of non-negative degree, so
 * truncation in y is exact too. By the coefficients of y^k (the columns
 * C_k, series in x), with D = C / (1 + x^w): D_k[u] = C_k[u] - D_k[u - w]
 * and the new C_k = D_k + x^w D_{k-1}, so column k needs only column k and
 * the same player's D_{k-1}: a sweep over the columns turns several
 * players heavy, each column staying in cache for all of them, and reads
 * the counts of a complete state from the column just before the next
 * type's first player turns it (a read of state c at column k uses column
 * k of state c only). Column k is zero at positions u <= the weight of
 * the k lightest heavy players; those are neither read nor written (the
 * bound only falls as lighter players turn heavy, so what was never
 * written is still zero).
 *
 * Everything is exact modulo p. Memory per thread: (q + 1)(k + 1 + 2 G)
 * words (G players per sweep) and d (k + 1) counters. Derived here; the
 * literature's Johnston algorithms (Kurz 2016, EPIC) are of order d^2 or
 * n^2 times the table. */

/* The most players whose weights sum to less than q: the lightest ones. */
size_t dp_josw_kmax(const rgame_t *rg)
{
    size_t k = 0;
    u64 s = 0;
    for (size_t x = rg->m; x-- > 0;) {
        s += rg->w[x];
        if (s >= rg->q) {
            break;
        }
        k++;
    }
    return k;
}

/* dst[i] = a[i] + b[i] (mod p). */
DP_CLONES
static void k_sum(u32 *restrict dst, const u32 *restrict a,
                  const u32 *restrict b, size_t len, u32 p)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = addm(a[i], b[i], p);
    }
}

/* One player of weight w turns heavy in column k of the table (col, zero
 * below lo): D_k = C_k / (1 + x^w) into dk (from lo), then C_k = D_k +
 * x^w D_{k-1}, D_{k-1} in dprev from dlo (zero below). P positions. */
static void josw_turn(u32 *col, u32 *dk, const u32 *dprev, size_t lo,
                      size_t dlo, size_t P, size_t w, u32 p)
{
    size_t e = lo + w < P ? lo + w : P;
    memcpy(dk + lo, col + lo, (e - lo) * sizeof *dk);
    for (size_t s = e; s < P;) {
        size_t len = P - s < w ? P - s : w;
        dp_k_diff(dk + s, col + s, dk + s - w, len, p);
        s += len;
    }
    size_t start = dlo + w > lo ? dlo + w : lo;
    start = start < P ? start : P;
    memcpy(col + lo, dk + lo, (start - lo) * sizeof *col);
    if (start < P) {
        k_sum(col + start, dk + start, dprev + start - w, P - start, p);
    }
}

/* Read state c's counts from column k (see the section's comment): for
 * each type t <= c and l >= 0 with k + l < kn, (-1)^l (C[b - l w_t] -
 * C[a - l w_t]) into acc[t S + k + l], a difference d as d + p: an entry
 * gets at most kn <= m terms below 2^32 per state, and josw_prime reduces
 * every entry modulo p after each sweep (at most JOSW_GROUP + 1 states):
 * below (JOSW_GROUP + 2) m 2^32 < 2^64. */
static void josw_read(u64 *acc, size_t S, const u32 *col, const rgame_t *rg,
                      size_t c, size_t k, size_t kn, u32 p)
{
    size_t q = (size_t)rg->q, d = rg->d;
    size_t w = (size_t)rg->w[rg->cls[c]];
    size_t wl = c + 1 < d ? (size_t)rg->w[rg->cls[c + 1]] : 0;
    size_t lim = kn - k;
    for (size_t t = 0; t <= c; t++) {
        size_t wt = (size_t)rg->w[rg->cls[t]];
        size_t vb = q + w - wt, va = q + wl - wt;  /* b (+), a (-), a < b */
        size_t na = va / wt + 1, nb = vb / wt + 1; /* terms in range */
        na = na < lim ? na : lim;
        nb = nb < lim ? nb : lim;
        u64 *a = acc + t * S + k;
        const u32 *cb = col + vb, *ca = col + va;
        size_t l = 0;
        for (; l < na; l++) { /* both ends: one term < 2^32 */
            u32 xb = cb[-(ptrdiff_t)(l * wt)], xa = ca[-(ptrdiff_t)(l * wt)];
            a[l] += (l & 1) ? (u64)xa + p - xb : (u64)xb + p - xa;
        }
        for (; l < nb; l++) {
            u32 xb = cb[-(ptrdiff_t)(l * wt)];
            a[l] += (l & 1) ? (u64)(p - xb) : xb;
        }
    }
}

/* Residues as jo_prime's: item t (m + 1) + k = winning coalitions in which
 * a given type-t player is critical with k critical members. The table is
 * kept by columns (k, the heavy members), each of the q + 1 positions; a
 * sweep over the columns turns JOSW_GROUP players heavy, each column
 * staying in cache for all of them (a player's turn on column k needs its
 * own D_{k-1}, kept per player), and reads the counts of a state c (every
 * type up to c heavy) from each column just before the next type's first
 * player turns it, so the table streams from memory once per group. */
static bool josw_prime(const job_t *jb, size_t j, u32 *res)
{
    const rgame_t *rg = jb->rg;
    size_t r = jb->crt->r;
    u32 p = jb->crt->p[j];
    size_t q = (size_t)rg->q, m = rg->m, d = rg->d, K = m + 1;
    size_t S = dp_josw_kmax(rg) + 1; /* columns k = 0..kmax */
    size_t P = q + 1;                /* positions u = 0..q */
    u32 *C = veto_i_calloc(S * P, sizeof *C);
    u32 *buf = veto_i_calloc(2 * JOSW_GROUP * P, sizeof *buf);
    u32 *g = veto_i_calloc(q, sizeof *g);
    u64 *acc = veto_i_calloc(d * S, sizeof *acc);
    u64 *lows = veto_i_calloc(JOSW_GROUP * (S + 1), sizeof *lows);
    bool ok = C && buf && g && acc && lows;
    if (!ok) {
        goto done;
    }
    /* C_{-1}: column 0 = the prefix sums of prod (1 + x^w) over everyone */
    g[0] = 1;
    u64 reach = 0;
    for (size_t x = m; x-- > 0;) {
        size_t w = (size_t)rg->w[x];
        reach += w;
        dp_series_mul(g, reach + 1 < q ? (size_t)reach + 1 : q, w, p);
    }
    for (size_t u = 1; u < P; u++) {
        C[u] = addm(C[u - 1], g[u - 1], p);
    }
    /* sweeps of players x0..x1-1; the last (x0 = m) reads the last state */
    for (size_t x0 = 0, x1;; x0 = x1) {
        x1 = x0 + JOSW_GROUP < m ? x0 + JOSW_GROUP : m;
        size_t G = x1 - x0;
        u32 *dk[JOSW_GROUP], *dp[JOSW_GROUP];
        size_t dlo[JOSW_GROUP], kc[JOSW_GROUP];
        for (size_t a = 0; a < G; a++) {
            size_t x = x0 + a, nh = x + 1; /* heavy after x's turn */
            dk[a] = buf + 2 * a * P;
            dp[a] = dk[a] + P;
            dlo[a] = P;                      /* D_{-1} = 0 */
            kc[a] = nh + 1 < S ? nh + 1 : S; /* columns then nonzero */
            u64 *lw = lows + a * (S + 1);
            lw[0] = 0;
            for (size_t k = 1; k < kc[a]; k++) {
                lw[k] = lw[k - 1] + rg->w[x + 1 - k];
            }
        }
        size_t cols = G > 0 ? kc[G - 1] : (m < S ? m + 1 : S);
        for (size_t k = 0; k < cols; k++) {
            u32 *col = C + k * P;
            for (size_t a = 0; a <= G; a++) {
                size_t x = x0 + a; /* the next player to turn */
                /* state c complete before x: x starts a type, or the end */
                if (x > 0 && (x == m || rg->cls_of[x] != rg->cls_of[x - 1]) &&
                    (a < G || G == 0)) {
                    size_t c = rg->cls_of[x - 1];
                    size_t kn = x < S ? x : S; /* others heavy: 0..x-1 */
                    if (k < kn) {
                        josw_read(acc, S, col, rg, c, k, kn, p);
                    }
                }
                if (a == G) {
                    break;
                }
                if (k < kc[a]) {
                    size_t lo = (size_t)lows[a * (S + 1) + k];
                    lo = lo < P ? lo : P;
                    josw_turn(col, dk[a], dp[a], lo, dlo[a], P,
                              (size_t)rg->w[x], p);
                    u32 *t = dk[a];
                    dk[a] = dp[a];
                    dp[a] = t;
                    dlo[a] = lo;
                } else {
                    dlo[a] = P;
                }
            }
        }
        for (size_t x = 0; x < d * S; x++) {
            acc[x] %= p;
        }
        if (!dp_poll_at(jb->pl, j, (double)x1 / (double)(m + 1))) {
            ok = false;
            goto done;
        }
        if (x0 == m) {
            break;
        }
    }
    for (size_t t = 0; t < d; t++) {
        for (size_t k = 0; k + 1 < K && k < S; k++) {
            res[(t * K + k + 1) * r + j] = (u32)(acc[t * S + k] % p);
        }
    }
done:
    veto_i_free(C);
    veto_i_free(buf);
    veto_i_free(g);
    veto_i_free(acc);
    veto_i_free(lows);
    return ok;
}

/* Bytes per thread of josw_prime: the table of (q + 1)(kmax + 1) words,
 * two columns per player of a sweep, the series of every player, the
 * counters and the residues' items. */
u64 dp_josw_bytes(const rgame_t *rg)
{
    u64 S = dp_josw_kmax(rg) + 1;
    u64 b = veto_i_sat_mul(veto_i_sat_mul(rg->q + 1, S + 2 * JOSW_GROUP), 4);
    b = veto_i_sat_add(b, veto_i_sat_mul(rg->q, 4));
    b = veto_i_sat_add(b, veto_i_sat_mul(veto_i_sat_mul(rg->d, S), 8));
    b = veto_i_sat_add(b, veto_i_sat_mul(JOSW_GROUP * (S + 1), 8));
    return veto_i_sat_add(b, veto_i_sat_mul(rg->d + 1, (rg->m + 1) * 12));
}

/* Johnston by jo_prime (sweep false) or josw_prime (true). */
veto_status dp_do_johnston(veto_i_counts_t *out, const rgame_t *rg, bool sweep,
                           const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    crt_t crt;
    memset(&crt, 0, sizeof crt);
    u32 *res = NULL, *digit = NULL;
    size_t m = rg->m, K = m + 1;
    VETO_TRY(dp_crt_init(&crt, m + 1, err));
    size_t r = crt.r;
    u64 U = rg->q + rg->w[0];
    u64 items64 = veto_i_sat_mul(rg->d, K);
    u64 each = veto_i_sat_add(veto_i_sat_mul(veto_i_sat_mul(U, K), 8),
                              veto_i_sat_add(veto_i_sat_mul(U, 16), K * 8));
    if (sweep) {
        each = dp_josw_bytes(rg);
    }
    u64 shared = veto_i_sat_mul(veto_i_sat_mul(items64, r), 4);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_add(shared, each),
                                 "the dp for the Johnston index", ADVICE, err));
    size_t items = (size_t)items64;
    VETO_ALLOC(res, veto_i_calloc(items * r, sizeof *res));
    VETO_ALLOC(digit, veto_i_calloc(r, sizeof *digit));
    poller_t pl;
    dp_poller_init(&pl, ctx, err, "dp", r);
    job_t jb = {rg, &crt, &pl, sweep ? josw_prime : jo_prime, items, false};
    VETO_TRY(
        dp_run_primes(&jb, res, dp_fit_threads(ctx, shared, each, r), err));
    dp_jo_finish(out, rg, &crt, res, digit);
cleanup:
    veto_i_free(res);
    veto_i_free(digit);
    dp_crt_clear(&crt);
    return rc;
}

/* jo_sum[] from jo_prime's items. */
void dp_jo_finish(veto_i_counts_t *out, const rgame_t *rg, const crt_t *crt,
                  const u32 *res, u32 *digit)
{
    size_t K = rg->m + 1, r = crt->r;
    mpz_t v;
    mpq_t t, sum;
    mpz_init(v);
    mpq_init(t);
    mpq_init(sum);
    for (size_t c = 0; c < rg->d; c++) {
        mpq_set_ui(sum, 0, 1);
        for (size_t k = 1; k < K; k++) {
            dp_crt_value(v, crt, res + (c * K + k) * r, 1, digit);
            if (mpz_sgn(v) != 0) {
                mpq_set_num(t, v);
                mpz_set_ui(mpq_denref(t), k);
                mpq_canonicalize(t);
                mpq_add(sum, sum, t);
            }
        }
        /* each winning coalition of the m comes with 2^z choices of the
         * dummies, which change no one's criticality */
        mpz_mul_2exp(mpq_numref(sum), mpq_numref(sum), rg->z);
        mpq_canonicalize(sum);
        for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
            mpq_set(out->jo_sum[rg->ord[x]], sum);
        }
    }
    out->have |= VETO_I_NEED_JOHNSTON;
    mpz_clear(v);
    mpq_clear(t);
    mpq_clear(sum);
}
