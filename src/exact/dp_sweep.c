/*
 * dp_sweep.c: the sweep over the players, heaviest first, that turns them
 * "heavy" (marked by y) in the prefix sums of the product by weight and
 * number of heavy members, and reads every class's counts at two
 * positions per range of the excess. Johnston (the light players in the
 * product unmarked) and the minimal winning coalitions by size (the light
 * players absent) are the two readings of one sweep.
 */
#include "dp_i.h"

#include <string.h>

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
 * n^2 times the table.
 *
 * Minimal winning coalitions by size (Deegan-Packel, Felsenthal, the
 * smallest ones), by the same sweep. S is minimal winning iff it wins and
 * every member is critical, i.e. e = w(S) - q < min_{i in S} w_i. If e is
 * in E_c, every member weighs more than e >= w_{c+1}, so S lies in the
 * types 0..c; and conversely a winning S of types 0..c with e in E_c has
 * e < w_c <= the weight of each member, so it is minimal. Hence the
 * minimal winning S with e in E_c are the coalitions of the heavy players
 * alone with weight in [q + w_{c+1}, q + w_c), and those containing a given
 * player i of type t <= c with k other members number
 *
 *     M_c(t, k + 1) = sum_{u = a}^{b - 1} [x^u y^k] Psi_c / (1 + y x^{w_t}),
 *     Psi_c(x, y) = prod_{j <= c} (1 + y x^{w_j})^{M_j},
 *
 * with the same a and b: Phi_c with the light players left out instead of
 * left unmarked. So the reading is the one above, word for word, on the
 * prefix sums of Psi_c; C_{-1} is the prefix sums of 1 (no player yet) and
 * turning a player heavy is the factor (1 + y x^w) alone: the new C_k =
 * C_k + x^w C_{k-1}, the old column k kept as the D_k of the next column.
 * Here y counts every member, so i's count of size s = k + 1 is
 * sum_{c >= t} M_c(t, s), and s <= kmax + 1 (S without its lightest
 * member loses), which the columns k = 0..kmax cover. Each minimal
 * winning S of size s is counted once for each of its s members, so the
 * count of size s is (1/s) sum_t M_t mwc_t(s), exact modulo p (s <= m <
 * p). Time O(r (m Q + d^2 k min(k, q / w_min))) against mwc_prime's
 * O(r m^2 q) by size (for every player a division of a (q + 1)(m + 1)
 * table and an accumulation into a second one): one pass per player over
 * (q + 1)(k + 1) words, the table streamed from memory once per G
 * players; memory (q + 1)(k + 1 + 2 G) words per thread against
 * 2 (q + 1)(m + 1). */

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

/* The same turn for the minimal winning coalitions (the light players are
 * not in the product): the old column k into dk (from lo) for the next
 * column, then C_k += x^w D_{k-1}, D_{k-1} in dprev from dlo. */
static void mwsw_turn(u32 *col, u32 *dk, const u32 *dprev, size_t lo,
                      size_t dlo, size_t P, size_t w, u32 p)
{
    memcpy(dk + lo, col + lo, (P - lo) * sizeof *dk);
    size_t start = dlo + w > lo ? dlo + w : lo;
    start = start < P ? start : P;
    if (start < P) {
        dp_k_add(col + start, dprev + start - w, P - start, p);
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
bool dp_sweep_prime(const job_t *jb, size_t j, u32 *res)
{
    bool mwc = ((const sweep_job_t *)jb)->mwc;
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
    /* C_{-1}: column 0 = the prefix sums of prod (1 + x^w) over everyone
     * (Johnston), of 1 (minimal winning: no player yet) */
    g[0] = 1;
    u64 reach = 0;
    for (size_t x = m; !mwc && x-- > 0;) {
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
                    (mwc ? mwsw_turn : josw_turn)(col, dk[a], dp[a], lo, dlo[a],
                                                  P, (size_t)rg->w[x], p);
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
    if (!mwc) { /* Johnston: item t K + k + 1 */
        for (size_t t = 0; t < d; t++) {
            for (size_t k = 0; k + 1 < K && k < S; k++) {
                res[(t * K + k + 1) * r + j] = (u32)(acc[t * S + k] % p);
            }
        }
    } else { /* minimal winning, mwc_prime's items by size */
        for (size_t k = 0; k + 1 < K && k < S; k++) {
            u64 tot = 0; /* sum_t M_t mwc_t(k + 1) */
            for (size_t t = 0; t < d; t++) {
                u32 v = (u32)(acc[t * S + k] % p);
                res[((1 + t) * K + k + 1) * r + j] = v;
                tot = (tot + (u64)(rg->cls[t + 1] - rg->cls[t]) % p * v) % p;
            }
            u64 inv = dp_powm64(k + 1, p - 2, p);
            res[(k + 1) * r + j] = (u32)(tot * inv % p);
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
