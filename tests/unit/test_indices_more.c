/*
 * test_indices_more.c: every index of the catalogue (veto indices) against
 * a brute-force computation written here from the definitions (sums over
 * subsets, never over orderings), on random weighted games and random
 * composed rules with random partitions into unions; the published values
 * of the precoalition indices; the EPIC abbreviations as aliases.
 *
 * VETO_TEST_SCALE scales the number of random games (default 1: 1,000
 * weighted and 250 composed, 1,000 composed in check-full at scale 4;
 * 300 games through the engines), VETO_TEST_SEED shifts the seeds
 * (test_util.h); the seed of a failing game is printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/xindex.h"
#include "exact/counts.h"
#include "test_util.h"
#include "veto.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static veto_model_t *read_model(const char *text)
{
    veto_model_t *m = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_model_read(&m, "test.veto", text, strlen(text),
                                    VETO_FORMAT_AUTO, NULL, &err);
    if (s != VETO_OK) {
        fail_msg("model did not parse: %u:%u: %s\n%s", err.line, err.col,
                 err.message, text);
    }
    return m;
}

static veto_indices_t *compute(const veto_model_t *m, const size_t *u)
{
    veto_indices_t *x = NULL;
    veto_error_t err;
    veto_error_clear(&err);
    veto_status s = veto_indices_compute(&x, m, u, NULL, &err);
    if (s != VETO_OK) {
        fail_msg("veto_indices_compute: %s", err.message);
    }
    return x;
}

static long K(const char *key)
{
    long k = veto_index_lookup(key);
    assert_true(k >= 0);
    return k;
}

/* ---- the oracle: each index from its definition ----------------------- */

#define MAXN 12
typedef struct game {
    size_t n;
    unsigned char win[1u << MAXN];
    uint64_t weight[MAXN]; /* 0s for composed rules */
    bool weighted;
    size_t union_of[MAXN];
    size_t m;
} game_t;

static int pc(unsigned v)
{
    return __builtin_popcount(v);
}

static bool W(const game_t *g, unsigned s)
{
    return g->win[s] != 0;
}

static bool swing(const game_t *g, unsigned s, size_t i)
{
    return !(s >> i & 1u) && !W(g, s) && W(g, s | 1u << i);
}

static bool minimal(const game_t *g, unsigned s)
{
    if (!W(g, s)) {
        return false;
    }
    for (size_t i = 0; i < g->n; i++) {
        if ((s >> i & 1u) && W(g, s & ~(1u << i))) {
            return false;
        }
    }
    return true;
}

static void fac(mpq_t q, unsigned long k)
{
    mpz_fac_ui(mpq_numref(q), k);
    mpz_set_ui(mpq_denref(q), 1);
}

/* Shapley value of i in the game restricted to the players of `s`. */
static void shapley_in(mpq_t out, const game_t *g, unsigned s, size_t i)
{
    mpq_t c, t;
    mpq_init(c);
    mpq_init(t);
    mpq_set_ui(out, 0, 1);
    unsigned rest = s & ~(1u << i);
    int z = pc(s);
    for (unsigned t0 = rest;; t0 = (t0 - 1) & rest) {
        if (swing(g, t0, i)) {
            int tt = pc(t0);
            fac(c, (unsigned long)tt);
            fac(t, (unsigned long)(z - tt - 1));
            mpq_mul(c, c, t);
            fac(t, (unsigned long)z);
            mpq_div(c, c, t);
            mpq_add(out, out, c);
        }
        if (t0 == 0) {
            break;
        }
    }
    mpq_clear(c);
    mpq_clear(t);
}

/* null-player-free (Alvarez-Mozos et al. 2015; EPIC): S wins and none of
 * its members is a null player of the game (never a swing). */
static bool null_free(const game_t *g, unsigned s)
{
    if (!W(g, s)) {
        return false;
    }
    for (size_t i = 0; i < g->n; i++) {
        if (!(s >> i & 1u)) {
            continue;
        }
        bool found = false;
        for (unsigned t = 0; t < (1u << g->n) && !found; t++) {
            found = swing(g, t, i);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

/* Normalised PGI of a game given as a callback-free table over k players. */
static bool pgi_of(mpq_t *out, const unsigned char *tab, size_t k)
{
    uint64_t cnt[MAXN + 2] = {0}, tot = 0;
    for (unsigned s = 0; s < (1u << k); s++) {
        if (!tab[s]) {
            continue;
        }
        bool minimal_ = true;
        for (size_t i = 0; i < k; i++) {
            if ((s >> i & 1u) && tab[s & ~(1u << i)]) {
                minimal_ = false;
            }
        }
        if (minimal_) {
            for (size_t i = 0; i < k; i++) {
                if (s >> i & 1u) {
                    cnt[i]++;
                    tot++;
                }
            }
        }
    }
    for (size_t i = 0; i < k; i++) {
        if (tot > 0) {
            mpq_set_ui(out[i], (unsigned long)cnt[i], (unsigned long)tot);
            mpq_canonicalize(out[i]);
        } else {
            mpq_set_ui(out[i], 0, 1);
        }
    }
    return tot > 0;
}

static unsigned umask(const game_t *g, size_t k)
{
    unsigned s = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (g->union_of[i] == k) {
            s |= 1u << i;
        }
    }
    return s;
}

/* Check x's index `key` against expect[] (undefined: expect NULL). */
static void same(const veto_indices_t *x, const char *key, mpq_t *expect,
                 size_t len, uint64_t seed)
{
    long k = K(key);
    if (!x->computed[k]) {
        fail_msg("seed %llu: %s not computed: %s", (unsigned long long)seed,
                 key, x->why_not[k]);
    }
    if (expect == NULL) {
        if (!x->undefined[k]) {
            fail_msg("seed %llu: %s should be undefined",
                     (unsigned long long)seed, key);
        }
        return;
    }
    if (x->undefined[k]) {
        fail_msg("seed %llu: %s undefined", (unsigned long long)seed, key);
    }
    for (size_t i = 0; i < len; i++) {
        if (!mpq_equal(x->value[k][i], expect[i])) {
            char *a = mpq_get_str(NULL, 10, x->value[k][i]);
            char *b = mpq_get_str(NULL, 10, expect[i]);
            fail_msg("seed %llu: %s[%zu] = %s, by definition %s",
                     (unsigned long long)seed, key, i, a, b);
        }
    }
}

/* v / sum(v), or NULL (undefined) when the sum is 0 */
static mpq_t *share(mpq_t *out, mpq_t *v, size_t n)
{
    mpq_t s;
    mpq_init(s);
    for (size_t i = 0; i < n; i++) {
        mpq_add(s, s, v[i]);
    }
    bool zero = mpq_sgn(s) == 0;
    for (size_t i = 0; i < n && !zero; i++) {
        mpq_div(out[i], v[i], s);
    }
    mpq_clear(s);
    return zero ? NULL : out;
}

static mpq_t *over(mpq_t *out, mpq_t *v, size_t n, const mpq_t d)
{
    if (mpq_sgn(d) == 0) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        mpq_div(out[i], v[i], d);
    }
    return out;
}

static void check_game(const game_t *g, const veto_indices_t *x, uint64_t seed)
{
    size_t n = g->n;
    unsigned ns = 1u << n;
    mpq_t v[MAXN], o[MAXN], a, b, one;
    for (size_t i = 0; i < MAXN; i++) {
        mpq_init(v[i]);
        mpq_init(o[i]);
    }
    mpq_init(a);
    mpq_init(b);
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    mpq_t Wn, two_n, two_n1, Mn;
    mpq_init(Wn);
    mpq_init(two_n);
    mpq_init(two_n1);
    mpq_init(Mn);
    unsigned long w = 0, m = 0;
    for (unsigned s = 0; s < ns; s++) {
        w += W(g, s);
        m += minimal(g, s);
    }
    mpq_set_ui(Wn, w, 1);
    mpq_set_ui(Mn, m, 1);
    mpq_set_ui(two_n, 1u << n, 1);
    mpq_set_ui(two_n1, 1u << (n - 1), 1);

    /* Banzhaf family, Coleman, Rae */
    for (size_t i = 0; i < n; i++) {
        unsigned long e = 0;
        for (unsigned s = 0; s < ns; s++) {
            e += swing(g, s, i);
        }
        mpq_set_ui(v[i], e, 1);
    }
    same(x, "banzhaf_raw", v, n, seed);
    same(x, "BZ", share(o, v, n), n, seed);
    same(x, "abz", over(o, v, n, two_n1), n, seed);
    same(x, "CP", over(o, v, n, Wn), n, seed);
    mpq_sub(a, two_n, Wn);
    same(x, "CI", over(o, v, n, a), n, seed);
    for (size_t i = 0; i < n; i++) {
        /* Rae: share of the 2^n coalitions in which i agrees with the
         * outcome */
        unsigned long agree = 0;
        for (unsigned s = 0; s < ns; s++) {
            agree += ((s >> i & 1u) != 0) == W(g, s);
        }
        mpq_set_ui(o[i], agree, 1u << n);
        mpq_canonicalize(o[i]);
    }
    same(x, "RA", o, n, seed);
    for (size_t i = 0; i < n; i++) {
        mpq_div(o[i], Wn, two_n);
    }
    same(x, "cc", o, n, seed);
    /* Shapley-Shubik from the subset formula, and raw */
    for (size_t i = 0; i < n; i++) {
        shapley_in(o[i], g, ns - 1, i);
    }
    same(x, "SH", o, n, seed);
    fac(a, n);
    for (size_t i = 0; i < n; i++) {
        mpq_mul(o[i], o[i], a);
    }
    same(x, "RSH", o, n, seed);
    /* winning containing i */
    for (size_t i = 0; i < n; i++) {
        unsigned long c = 0;
        for (unsigned s = 0; s < ns; s++) {
            c += W(g, s) && (s >> i & 1u);
        }
        mpq_set_ui(v[i], c, 1);
    }
    same(x, "KB", over(o, v, n, Wn), n, seed);
    same(x, "N", over(o, v, n, two_n1), n, seed);
    same(x, "RPHT", v, n, seed);
    same(x, "PHT", share(o, v, n), n, seed);
    /* BCS = swings / winning containing i */
    if (w == 0) {
        same(x, "bcs", NULL, n, seed);
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned long e = 0;
            for (unsigned s = 0; s < ns; s++) {
                e += swing(g, s, i);
            }
            mpq_set_ui(a, e, 1);
            mpq_div(o[i], a, v[i]);
        }
        same(x, "bcs", o, n, seed);
    }
    /* PHX */
    mpq_set_ui(b, 0, 1);
    for (unsigned s = 1; s < ns; s++) {
        if (W(g, s)) {
            mpq_set_ui(a, 1, (unsigned long)pc(s));
            mpq_add(b, b, a);
        }
    }
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(v[i], 0, 1);
        for (unsigned s = 0; s < ns; s++) {
            if (W(g, s) && (s >> i & 1u)) {
                mpq_set_ui(a, 1, (unsigned long)(pc(s) * pc(s)));
                mpq_add(v[i], v[i], a);
            }
        }
    }
    same(x, "PHX", over(o, v, n, b), n, seed);
    /* Coleman-Shapley: 2^-n sum over S containing i of Sh_i(v|S)
     * (O(3^n) big-number steps: up to 10 players) */
    for (size_t i = 0; i < n && n <= 10; i++) {
        mpq_set_ui(o[i], 0, 1);
        for (unsigned s = 0; s < ns; s++) {
            if (s >> i & 1u) {
                shapley_in(a, g, s, i);
                mpq_add(o[i], o[i], a);
            }
        }
        mpq_div(o[i], o[i], two_n);
    }
    if (n <= 10) {
        same(x, "csi", o, n, seed);
    }
    /* minimal winning: Holler, Deegan-Packel, Felsenthal */
    int smin = 99;
    for (unsigned s = 0; s < ns; s++) {
        if (minimal(g, s) && pc(s) < smin) {
            smin = pc(s);
        }
    }
    unsigned long ws = 0;
    for (unsigned s = 0; s < ns; s++) {
        ws += minimal(g, s) && pc(s) == smin;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned long c = 0, f = 0;
        mpq_set_ui(o[i], 0, 1);
        for (unsigned s = 0; s < ns; s++) {
            if (minimal(g, s) && (s >> i & 1u)) {
                c++;
                f += pc(s) == smin;
                mpq_set_ui(a, 1, (unsigned long)pc(s));
                mpq_add(o[i], o[i], a);
            }
        }
        mpq_set_ui(v[i], c, 1);
        mpq_set_ui(b, f, 1);
        mpq_set(one, b);
        (void)one;
    }
    same(x, "RPG", v, n, seed);
    same(x, "RDP", o, n, seed);
    same(x, "DP", over(o, o, n, Mn), n, seed);
    same(x, "PG", share(o, v, n), n, seed);
    same(x, "APG", over(o, v, n, Mn), n, seed);
    for (size_t i = 0; i < n; i++) {
        unsigned long f = 0;
        for (unsigned s = 0; s < ns; s++) {
            f += minimal(g, s) && (s >> i & 1u) && pc(s) == smin;
        }
        mpq_set_ui(v[i], f, 1);
    }
    same(x, "RFT", v, n, seed);
    same(x, "FT", share(o, v, n), n, seed);
    mpq_set_ui(a, w, 1);
    same(x, "W", &a, 1, seed);
    mpq_set_ui(a, m, 1);
    same(x, "WM", &a, 1, seed);
    mpq_set_ui(a, ws, 1);
    same(x, "WS", &a, 1, seed);
    /* Johnston */
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(v[i], 0, 1);
    }
    for (unsigned s = 0; s < ns; s++) {
        if (!W(g, s)) {
            continue;
        }
        int c = 0;
        for (size_t i = 0; i < n; i++) {
            c += (s >> i & 1u) && !W(g, s & ~(1u << i));
        }
        for (size_t i = 0; i < n; i++) {
            if ((s >> i & 1u) && !W(g, s & ~(1u << i))) {
                mpq_set_ui(a, 1, (unsigned long)c);
                mpq_add(v[i], v[i], a);
            }
        }
    }
    same(x, "RJ", v, n, seed);
    same(x, "J", share(o, v, n), n, seed);
    /* veto players: Tijs, Harsanyi-Nash */
    size_t nv = 0;
    bool isv[MAXN];
    for (size_t i = 0; i < n; i++) {
        isv[i] = w > 0;
        for (unsigned s = 0; s < ns; s++) {
            if (W(g, s) && !(s >> i & 1u)) {
                isv[i] = false;
            }
        }
        nv += isv[i];
    }
    for (size_t i = 0; i < n; i++) {
        mpq_set_ui(o[i], isv[i], nv > 0 ? nv : 1);
        mpq_canonicalize(o[i]);
    }
    same(x, "T", nv > 0 ? o : NULL, n, seed);
    for (size_t i = 0; i < n; i++) {
        if (nv == 1) {
            mpq_set_ui(o[i], isv[i], 1);
        } else {
            mpq_set_ui(o[i], 1, n);
        }
    }
    same(x, "HN", o, n, seed);
    /* null-player-free */
    if (n <= 9) {
        unsigned long all = 0;
        for (unsigned s = 0; s < ns; s++) {
            all += null_free(g, s);
        }
        mpq_set_ui(b, all, 1);
        for (size_t i = 0; i < n; i++) {
            unsigned long c = 0;
            mpq_set_ui(o[i], 0, 1);
            for (unsigned s = 0; s < ns; s++) {
                if ((s >> i & 1u) && null_free(g, s)) {
                    c++;
                    mpq_set_ui(a, 1, (unsigned long)pc(s));
                    mpq_add(o[i], o[i], a);
                }
            }
            mpq_set_ui(v[i], c, 1);
        }
        same(x, "RPIF", o, n, seed);
        same(x, "PIF", over(o, o, n, b), n, seed);
        same(x, "RPIG", v, n, seed);
        same(x, "APIG", over(o, v, n, b), n, seed);
        same(x, "PIGPH", share(o, v, n), n, seed);
    }
    /* Colomer-Martinez, Johnston-Colomer-Martinez (weighted only) */
    if (g->weighted) {
        unsigned long q = 0;
        for (size_t i = 0; i < n; i++) {
            mpq_set_ui(v[i], 0, 1);
            mpq_set_ui(o[i], 0, 1);
        }
        for (unsigned s = 0; s < ns; s++) {
            if (!W(g, s)) {
                continue;
            }
            uint64_t ws_ = 0, wc = 0;
            bool anyc = false;
            for (size_t i = 0; i < n; i++) {
                if (s >> i & 1u) {
                    ws_ += g->weight[i];
                    if (!W(g, s & ~(1u << i))) {
                        wc += g->weight[i];
                        anyc = true;
                    }
                }
            }
            q += anyc;
            for (size_t i = 0; i < n; i++) {
                if (!(s >> i & 1u)) {
                    continue;
                }
                if (minimal(g, s) && ws_ > 0) {
                    mpq_set_ui(a, (unsigned long)g->weight[i],
                               (unsigned long)ws_);
                    mpq_canonicalize(a);
                    mpq_add(v[i], v[i], a);
                }
                if (!W(g, s & ~(1u << i)) && wc > 0) {
                    mpq_set_ui(a, (unsigned long)g->weight[i],
                               (unsigned long)wc);
                    mpq_canonicalize(a);
                    mpq_add(o[i], o[i], a);
                }
            }
        }
        mpq_t vv[MAXN];
        for (size_t i = 0; i < n; i++) {
            mpq_init(vv[i]);
        }
        same(x, "cm", over(vv, v, n, Mn), n, seed);
        mpq_set_ui(a, q, 1);
        same(x, "jcm", over(vv, o, n, a), n, seed);
        for (size_t i = 0; i < n; i++) {
            mpq_clear(vv[i]);
        }
    }
    /* precoalitions: Owen, Banzhaf-Owen, SCB from the two-level subset
     * formula; UPGI, SPGI, TPGI1 from the quotient game */
    if (g->m > 0) {
        size_t mm = g->m;
        mpq_t ow[MAXN], bo[MAXN], sc[MAXN];
        for (size_t i = 0; i < n; i++) {
            mpq_init(ow[i]);
            mpq_init(bo[i]);
            mpq_init(sc[i]);
            size_t k = g->union_of[i];
            unsigned mine = umask(g, k) & ~(1u << i);
            size_t p = (size_t)pc(umask(g, k));
            for (unsigned r = 0; r < (1u << mm); r++) {
                if (r >> k & 1u) {
                    continue;
                }
                unsigned base = 0;
                for (size_t l = 0; l < mm; l++) {
                    if (r >> l & 1u) {
                        base |= umask(g, l);
                    }
                }
                int rr = pc(r);
                for (unsigned t = mine;; t = (t - 1) & mine) {
                    if (swing(g, base | t, i)) {
                        int tt = pc(t);
                        mpq_t c1, c2, c3;
                        mpq_init(c1);
                        mpq_init(c2);
                        mpq_init(c3);
                        fac(c1, (unsigned long)rr);
                        fac(c3, (unsigned long)(mm - 1 - (size_t)rr));
                        mpq_mul(c1, c1, c3);
                        fac(c3, mm);
                        mpq_div(c1, c1, c3); /* Shapley across */
                        fac(c2, (unsigned long)tt);
                        fac(c3, (unsigned long)(p - 1 - (size_t)tt));
                        mpq_mul(c2, c2, c3);
                        fac(c3, p);
                        mpq_div(c2, c2, c3); /* Shapley inside */
                        mpq_mul(c3, c1, c2);
                        mpq_add(ow[i], ow[i], c3);
                        mpq_set_ui(c1, 1, 1u << (mm - 1));
                        mpq_mul(c3, c1, c2);
                        mpq_add(sc[i], sc[i], c3);
                        mpq_set_ui(c2, 1, 1u << (p - 1));
                        mpq_mul(c3, c1, c2);
                        mpq_add(bo[i], bo[i], c3);
                        mpq_clear(c1);
                        mpq_clear(c2);
                        mpq_clear(c3);
                    }
                    if (t == 0) {
                        break;
                    }
                }
            }
        }
        same(x, "O", ow, n, seed);
        same(x, "BO", bo, n, seed);
        same(x, "SCB", sc, n, seed);
        for (size_t i = 0; i < n; i++) {
            mpq_clear(ow[i]);
            mpq_clear(bo[i]);
            mpq_clear(sc[i]);
        }
        unsigned char qt[1u << MAXN];
        for (unsigned r = 0; r < (1u << mm); r++) {
            unsigned s = 0;
            for (size_t l = 0; l < mm; l++) {
                if (r >> l & 1u) {
                    s |= umask(g, l);
                }
            }
            qt[r] = g->win[s];
        }
        mpq_t ext[MAXN], pw[MAXN];
        for (size_t l = 0; l < MAXN; l++) {
            mpq_init(ext[l]);
            mpq_init(pw[l]);
        }
        bool ok = pgi_of(ext, qt, mm);
        bool okw = pgi_of(pw, g->win, n);
        if (!ok) {
            same(x, "UPGI", NULL, n, seed);
        } else {
            mpq_set_ui(b, 0, 1);
            for (size_t l = 0; l < mm; l++) {
                mpq_set_ui(a, (unsigned long)pc(umask(g, l)), 1);
                mpq_mul(a, a, ext[l]);
                mpq_add(b, b, a);
            }
            for (size_t i = 0; i < n; i++) {
                mpq_set(v[i], ext[g->union_of[i]]);
            }
            same(x, "UPGI", over(o, v, n, b), n, seed);
            for (size_t i = 0; i < n; i++) {
                mpq_set_ui(a, (unsigned long)pc(umask(g, g->union_of[i])), 1);
                mpq_div(o[i], v[i], a);
            }
            same(x, "SPGI", o, n, seed);
            for (size_t i = 0; i < n; i++) {
                mpq_set_ui(a, 0, 1);
                for (size_t j = 0; j < n && okw; j++) {
                    if (g->union_of[j] == g->union_of[i]) {
                        mpq_add(a, a, pw[j]);
                    }
                }
                if (mpq_sgn(a) == 0) {
                    mpq_set_ui(o[i], 0, 1);
                } else {
                    mpq_div(o[i], pw[i], a);
                    mpq_mul(o[i], o[i], v[i]);
                }
            }
            same(x, "TPGI1", o, n, seed);
        }
        for (size_t l = 0; l < MAXN; l++) {
            mpq_clear(ext[l]);
            mpq_clear(pw[l]);
        }
    }
    for (size_t i = 0; i < MAXN; i++) {
        mpq_clear(v[i]);
        mpq_clear(o[i]);
    }
    mpq_clear(a);
    mpq_clear(b);
    mpq_clear(one);
    mpq_clear(Wn);
    mpq_clear(two_n);
    mpq_clear(two_n1);
    mpq_clear(Mn);
}

static void random_partition(game_t *g)
{
    size_t n = g->n;
    size_t m = 1 + (size_t)(rnd() % n);
    /* every union gets at least one player: the first m in a shuffled
     * order, then the rest at random */
    size_t perm[MAXN];
    for (size_t i = 0; i < n; i++) {
        perm[i] = i;
    }
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rnd() % i);
        size_t t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    for (size_t k = 0; k < n; k++) {
        g->union_of[perm[k]] = k < m ? k : (size_t)(rnd() % m);
    }
    g->m = m;
}

/* 1,000 random weighted games, n <= 12, weights 0..20 (zeros give null
 * players), quota from 0 to above the total. */
static void test_random_weighted(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(1000);
    uint64_t base = 12012026;
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(base + t);
        rng_state = seed;
        game_t *g = calloc(1, sizeof *g);
        g->n = 1 + (size_t)(rnd() % MAXN);
        g->weighted = true;
        uint64_t tot = 0;
        char text[512];
        for (size_t i = 0; i < g->n; i++) {
            g->weight[i] = rnd() % 21;
            tot += g->weight[i];
        }
        uint64_t q = 1 + rnd() % (tot + 2);
        int at = snprintf(text, sizeof text, "%llu", (unsigned long long)q);
        for (size_t i = 0; i < g->n; i++) {
            at += snprintf(text + at, sizeof text - (size_t)at, " %llu",
                           (unsigned long long)g->weight[i]);
        }
        snprintf(text + at, sizeof text - (size_t)at, "\n");
        for (unsigned s = 0; s < (1u << g->n); s++) {
            uint64_t ws = 0;
            for (size_t i = 0; i < g->n; i++) {
                ws += (s >> i & 1u) ? g->weight[i] : 0;
            }
            g->win[s] = ws >= q;
        }
        bool unions = rnd() % 2 == 0;
        if (unions) {
            random_partition(g);
        }
        veto_model_t *m = read_model(text);
        veto_indices_t *x = compute(m, unions ? g->union_of : NULL);
        check_game(g, x, seed);
        veto_indices_free(x);
        veto_model_free(m);
        free(g);
    }
}

/* Index k (catalogue entry e) as enumeration (x) and the engines (y)
 * computed it for an n-player model: both computed, undefined alike, and
 * equal player by player (once for an index of the game). */
static void same_index(const veto_indices_t *x, const veto_indices_t *y,
                       size_t k, size_t n, uint64_t seed, const char *text)
{
    const veto_index_info_t *e = veto_index_catalogue(k);
    assert_true(x->computed[k]);
    if (x->undefined[k] != y->undefined[k]) {
        fail_msg("seed %llu (%s): %s undefined %d by enum, %d by the engines",
                 (unsigned long long)seed, text, e->key, x->undefined[k],
                 y->undefined[k]);
    }
    for (size_t i = 0; !x->undefined[k] && i < (e->game ? 1 : n); i++) {
        if (!mpq_equal(x->value[k][i], y->value[k][i])) {
            char *a = mpq_get_str(NULL, 10, x->value[k][i]);
            char *b = mpq_get_str(NULL, 10, y->value[k][i]);
            fail_msg("seed %llu (%s): %s[%zu] enum %s, engines %s",
                     (unsigned long long)seed, text, e->key, i, a, b);
        }
    }
}

/* Composed rules: (count(A) >= a and count(B) >= b) or (P1 and Pk), A and
 * B random groups; the oracle evaluates the rule itself. */
static void test_random_composed(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(250); /* 1,000 in check-full */
    uint64_t base = 77012026;
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(base + t);
        rng_state = seed;
        game_t *g = calloc(1, sizeof *g);
        size_t n = 3 + (size_t)(rnd() % (MAXN - 2));
        g->n = n;
        unsigned A = 0, B = 0;
        while (A == 0) {
            A = (unsigned)(rnd() % (1u << n));
        }
        while (B == 0) {
            B = (unsigned)(rnd() % (1u << n));
        }
        int a = 1 + (int)(rnd() % (unsigned)pc(A));
        int b = 1 + (int)(rnd() % (unsigned)pc(B));
        size_t k2 = 1 + (size_t)(rnd() % (n - 1));
        char text[2048];
        int at = snprintf(text, sizeof text, "players {");
        for (size_t i = 0; i < n; i++) {
            at +=
                snprintf(text + at, sizeof text - (size_t)at, "\n P%zu", i + 1);
            if ((A >> i & 1u) || (B >> i & 1u)) {
                at += snprintf(text + at, sizeof text - (size_t)at, " [%s%s%s]",
                               (A >> i & 1u) ? "ga" : "",
                               (A >> i & 1u) && (B >> i & 1u) ? ", " : "",
                               (B >> i & 1u) ? "gb" : "");
            }
        }
        snprintf(text + at, sizeof text - (size_t)at,
                 "\n}\npass when count(ga) >= %d and count(gb) >= %d or P1 and "
                 "P%zu\n",
                 a, b, k2 + 1);
        for (unsigned s = 0; s < (1u << n); s++) {
            g->win[s] = (pc(s & A) >= a && pc(s & B) >= b) ||
                        ((s & 1u) && (s >> k2 & 1u));
        }
        bool unions = rnd() % 2 == 0;
        if (unions) {
            random_partition(g);
        }
        veto_model_t *m = read_model(text);
        veto_indices_t *x = compute(m, unions ? g->union_of : NULL);
        check_game(g, x, seed);
        /* the route beyond enumeration (bdd's counts here): whatever it
         * computes equals enumeration */
        veto_indices_t *y = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        if (veto_i_indices_engines(&y, m, unions ? g->union_of : NULL, NULL,
                                   NULL, &err) != VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        size_t nk = veto_index_catalogue_size();
        for (size_t k = 0; k < nk; k++) {
            if (!y->computed[k]) {
                continue;
            }
            const veto_index_info_t *e = veto_index_catalogue(k);
            assert_true(x->computed[k]);
            assert_int_equal(x->undefined[k], y->undefined[k]);
            for (size_t i = 0; !x->undefined[k] && i < (e->game ? 1 : n); i++) {
                if (!mpq_equal(x->value[k][i], y->value[k][i])) {
                    fail_msg("seed %llu: %s[%zu] differs between enum and "
                             "the engines",
                             (unsigned long long)seed, e->key, i);
                }
            }
        }
        veto_indices_free(y);
        veto_indices_free(x);
        veto_model_free(m);
        free(g);
    }
}

/* ---- published values --------------------------------------------------- */

static void expect(const veto_indices_t *x, const char *key,
                   const char *const *vals)
{
    long k = K(key);
    assert_true(x->computed[k]);
    assert_false(x->undefined[k]);
    for (size_t i = 0; i < x->n; i++) {
        mpq_t q;
        mpq_init(q);
        assert_int_equal(mpq_set_str(q, vals[i], 10), 0);
        mpq_canonicalize(q);
        if (!mpq_equal(q, x->value[k][i])) {
            char *got = mpq_get_str(NULL, 10, x->value[k][i]);
            fail_msg("%s[%zu] = %s, expected %s", key, i, got, vals[i]);
        }
        mpq_clear(q);
    }
}

/* Issue 12's figures: Owen on [68; 60, 34, 13, 11, 17] with unions {1},
 * {2,3,4}, {5} (Owen 1977's example as restated by Alonso-Meijide &
 * Fiestras-Janeiro 2002); and [16; 11, 7, 6, 3, 2, 1] with unions {1},
 * {2,6}, {3,4,5} (Alonso-Meijide & Fiestras-Janeiro 2002, example). */
static void test_published_unions(void **state)
{
    (void)state;
    veto_model_t *m = read_model("68 60 34 13 11 17\n");
    size_t u1[5] = {0, 1, 1, 1, 2};
    veto_indices_t *x = compute(m, u1);
    const char *owen1[] = {"1/3", "1/9", "1/9", "1/9", "1/3"};
    expect(x, "owen", owen1);
    veto_indices_free(x);
    veto_model_free(m);

    m = read_model("16 11 7 6 3 2 1\n");
    size_t u2[6] = {0, 1, 2, 2, 2, 1};
    x = compute(m, u2);
    const char *owen2[] = {"1/3", "1/3", "2/9", "1/18", "1/18", "0"};
    const char *bo2[] = {"1/2", "1/2", "3/8", "1/8", "1/8", "0"};
    const char *scb2[] = {"1/2", "1/2", "1/3", "1/12", "1/12", "0"};
    expect(x, "owen", owen2);
    expect(x, "banzhaf_owen", bo2);
    expect(x, "symmetric_coalitional_banzhaf", scb2);
    veto_indices_free(x);
    veto_model_free(m);
}

/* OPGI where EPIC differs (bench/README.md). [31; 17, 17, 12, 7, 6, 1]
 * with unions {1}, {2}, {3}, {4,5,6}: the quotient game [31; 17, 17, 12,
 * 14] has the minimal winning coalitions {1,2}, {1,4}, {2,4} (external PGI
 * 1/3, 1/3, 0, 1/3); in both with union 4 the other union weighs 17, so
 * the game inside union 4 is [14; 7, 6, 1], whose one minimal winning
 * coalition is all three: 1/3 x 1/3 = 1/9 each. At quota 30 the inner
 * game is [13; 7, 6, 1] (minimal {7, 6}): 1/6, 1/6, 0, which is what EPIC
 * prints at quota 31. A singleton union's OPGI is its external PGI. Both
 * routes: enumeration and the dp over the quotient and inner games. */
static void test_opgi_epic(void **state)
{
    (void)state;
    static const char *const text[2] = {"31 17 17 12 7 6 1\n",
                                        "30 17 17 12 7 6 1\n"};
    static const char *const want[2][6] = {
        {"1/3", "1/3", "0", "1/9", "1/9", "1/9"},
        {"1/3", "1/3", "0", "1/6", "1/6", "0"}};
    size_t u[6] = {0, 1, 2, 3, 3, 3};
    for (size_t c = 0; c < 2; c++) {
        veto_model_t *m = read_model(text[c]);
        veto_indices_t *x = compute(m, u);
        expect(x, "OPGI", want[c]);
        veto_indices_free(x);
        veto_error_t err;
        veto_error_clear(&err);
        assert_int_equal(veto_i_indices_engines(&x, m, u, NULL, NULL, &err),
                         VETO_OK);
        expect(x, "OPGI", want[c]);
        veto_indices_free(x);
        veto_model_free(m);
    }
}

/* [6; 4, 3, 2, 1]: hand-checked. Winning: {4,3},{4,2},{4,3,2},{4,3,1},
 * {4,2,1},{3,2,1},{4,3,2,1} (7 of 16). Swings 5,3,3,1 (Banzhaf 5/12,
 * 3/12, 3/12, 1/12 as in Wikipedia's "Banzhaf power index" example);
 * Shapley-Shubik 5/12, 1/4, 1/4, 1/12; minimal winning {4,3}, {4,2},
 * {3,2,1}: Holler 2/7, 2/7, 2/7, 1/7; Deegan-Packel (1/2+1/2)/3 = 1/3,
 * (1/2+1/3)/3 = 5/18, 5/18, 1/9. */
static void test_classic(void **state)
{
    (void)state;
    veto_model_t *m = read_model("6 4 3 2 1\n");
    veto_indices_t *x = compute(m, NULL);
    const char *bz[] = {"5/12", "1/4", "1/4", "1/12"};
    const char *ssi[] = {"5/12", "1/4", "1/4", "1/12"};
    const char *pg[] = {"2/7", "2/7", "2/7", "1/7"};
    const char *dp[] = {"1/3", "5/18", "5/18", "1/9"};
    const char *rae[] = {"13/16", "11/16", "11/16", "9/16"};
    expect(x, "bz", bz);
    expect(x, "ssi", ssi);
    expect(x, "pgi", pg);
    expect(x, "dpi", dp);
    expect(x, "rae", rae);
    const char *w[] = {"7"};
    long k = K("W");
    assert_true(mpq_cmp_ui(x->value[k][0], 7, 1) == 0);
    (void)w;
    /* Felsenthal: the smallest minimal winning coalitions are {4,3} and
     * {4,2}: raw 2, 1, 1, 0 */
    const char *ft[] = {"2", "1", "1", "0"};
    expect(x, "felsenthal_raw", ft);
    assert_true(mpq_cmp_ui(x->value[K("WS")][0], 2, 1) == 0);
    veto_indices_free(x);
    veto_model_free(m);
}

/* Every EPIC abbreviation of an index names the same entry as its key and
 * short name, whatever the case; the "below" and PH/SD twins included. */
static void test_aliases(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"BZB", "banzhaf"},
        {"bzb", "BZ"},
        {"RBZB", "banzhaf_raw"},
        {"RBZ", "bzr"},
        {"SHB", "shapley_shubik"},
        {"RSHB", "RSH"},
        {"OB", "owen"},
        {"BOB", "banzhaf_owen"},
        {"SCBB", "SCB"},
        {"KBPH", "KB"},
        {"NPH", "n"},
        {"PIGPH", "PIG"},
        {"RPHTSD", "rpht"},
        {"PHTPH", "public_help_theta"},
        {"pHt", "pht"},
        {"ABZ", "banzhaf_absolute"},
        {"APG", "holler_absolute"},
        {"APIG", "null_free_g_absolute"},
        {"ra", "rae"},
        {"T", "tijs"},
        {"HN", "harsanyi_nash"},
        {"CC", "coleman_collective"},
        {"CI", "coleman_initiate"},
        {"CP", "coleman_prevent"},
        {"TPGI1", "threat_public_good_1"},
        {"TPGI3", "tpgi3"},
        {"W", "winning_coalitions"},
        {"WM", "wm"},
        {"WS", "ws"},
    };
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        long a = veto_index_lookup(pairs[p][0]);
        long b = veto_index_lookup(pairs[p][1]);
        if (a < 0 || a != b) {
            fail_msg("%s -> %ld, %s -> %ld", pairs[p][0], a, pairs[p][1], b);
        }
    }
    assert_int_equal(veto_index_lookup("nonsense"), -1);
    assert_int_equal(veto_index_lookup(""), -1);
    /* the same values through either name */
    veto_model_t *m = read_model("16 11 7 6 3 2 1\n");
    size_t u2[6] = {0, 1, 2, 2, 2, 1};
    veto_indices_t *x = compute(m, u2);
    static const char *const twins[][2] = {
        {"BZ", "BZB"}, {"RBZ", "RBZB"},  {"SH", "SHB"},     {"RSH", "RSHB"},
        {"O", "OB"},   {"BO", "BOB"},    {"SCB", "SCBB"},   {"KB", "KBPH"},
        {"N", "NPH"},  {"PIG", "PIGPH"}, {"RPHT", "RPHTSD"}};
    for (size_t p = 0; p < sizeof twins / sizeof twins[0]; p++) {
        long a = veto_index_lookup(twins[p][0]);
        long b = veto_index_lookup(twins[p][1]);
        assert_true(x->computed[a] && x->computed[b]);
        for (size_t i = 0; i < x->n; i++) {
            assert_true(mpq_equal(x->value[a][i], x->value[b][i]));
        }
    }
    /* every key, short name and alias is unique across entries */
    size_t nk = veto_index_catalogue_size();
    for (size_t k = 0; k < nk; k++) {
        const veto_index_info_t *e = veto_index_catalogue(k);
        assert_int_equal(veto_index_lookup(e->key), (long)k);
        assert_int_equal(veto_index_lookup(e->short_name), (long)k);
    }
    veto_indices_free(x);
    veto_model_free(m);
}

/* Beyond 24 players the engines' counts give what they can: a weighted
 * game of 30 players agrees with the dp's Banzhaf and Shapley-Shubik. */
static void test_beyond_enum(void **state)
{
    (void)state;
    char text[256] = "20";
    for (int i = 0; i < 30; i++) {
        strcat(text, " 1");
    }
    strcat(text, "\n");
    veto_model_t *m = read_model(text);
    veto_indices_t *x = compute(m, NULL);
    long k = K("ssi");
    assert_true(x->computed[k]);
    assert_true(mpq_cmp_ui(x->value[k][0], 1, 30) == 0);
    k = K("tijs");
    assert_true(x->computed[k] && x->undefined[k]);
    /* Johnston-Colomer-Martinez by its dp: symmetric players, 1/30 */
    k = K("JCM");
    assert_true(x->computed[k]);
    assert_true(mpq_cmp_ui(x->value[k][0], 1, 30) == 0);
    /* Rae = 1/2 + eta/2^n, eta = C(29,19) */
    k = K("rae");
    mpq_t q;
    mpq_init(q);
    mpz_bin_uiui(mpq_numref(q), 29, 19);
    mpz_set_ui(mpq_denref(q), 1);
    mpz_mul_2exp(mpq_denref(q), mpq_denref(q), 30);
    mpq_canonicalize(q);
    mpq_t h;
    mpq_init(h);
    mpq_set_ui(h, 1, 2);
    mpq_add(q, q, h);
    assert_true(mpq_equal(q, x->value[k][3]));
    mpq_clear(q);
    mpq_clear(h);
    veto_indices_free(x);
    veto_model_free(m);
}

/* The route beyond enumeration (veto_analyse's engines, then the dp
 * engines: counts by size, the two-level dp over unions, the quotient and
 * threat games' minimal winning coalitions) against enumeration, on random
 * weighted games with random partitions; every index both compute must be
 * equal, and the engines must compute every index but the ones they leave
 * (Johnston-Colomer-Martinez). */
static void test_engines_against_enum(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(300);
    uint64_t base = 5122026;
    static const char *const leave[] = {""};
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(base + t);
        rng_state = seed;
        size_t n = 1 + (size_t)(rnd() % 10);
        uint64_t wt[MAXN], tot = 0;
        char text[512];
        /* every other game with weights 0..3: small quotas (the
         * engines' OPGI counts the quotient's minimal winning coalitions
         * by knapsack here) */
        bool small = t % 2 == 1;
        for (size_t i = 0; i < n; i++) {
            wt[i] = small ? rnd() % 4 : rnd() % 4 == 0 ? rnd() % 3 : rnd() % 40;
            tot += wt[i];
        }
        uint64_t q = rnd() % 8 == 0 ? rnd() % (tot + 3) : tot / 2 + 1;
        int at = snprintf(text, sizeof text, "%llu", (unsigned long long)q);
        for (size_t i = 0; i < n; i++) {
            at += snprintf(text + at, sizeof text - (size_t)at, " %llu",
                           (unsigned long long)wt[i]);
        }
        snprintf(text + at, sizeof text - (size_t)at, "\n");
        game_t *g = calloc(1, sizeof *g);
        g->n = n;
        random_partition(g);
        veto_model_t *m = read_model(text);
        veto_indices_t *x = compute(m, g->union_of);
        veto_indices_t *y = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        if (veto_i_indices_engines(&y, m, g->union_of, NULL, NULL, &err) !=
            VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        size_t nk = veto_index_catalogue_size();
        for (size_t k = 0; k < nk; k++) {
            const veto_index_info_t *e = veto_index_catalogue(k);
            bool left = false;
            for (size_t l = 0; l < sizeof leave / sizeof leave[0]; l++) {
                left = left || veto_index_lookup(leave[l]) == (long)k;
            }
            if (!y->computed[k]) {
                if (!left) {
                    fail_msg("seed %llu (%s): the engines did not compute %s: "
                             "%s",
                             (unsigned long long)seed, text, e->key,
                             y->why_not[k]);
                }
                continue;
            }
            same_index(x, y, k, n, seed, text);
        }
        veto_indices_free(x);
        veto_indices_free(y);
        veto_model_free(m);
        free(g);
    }
}

__extension__ typedef unsigned __int128 u128;

/* u as a decimal into buf (at least 40 bytes). */
static const char *u128_str(char *buf, u128 u)
{
    char tmp[48];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u != 0);
    for (size_t j = 0; j < k; j++) {
        buf[j] = tmp[k - 1 - j];
    }
    buf[k] = '\0';
    return buf;
}

/* The route beyond enumeration for composed rules, forced on random
 * composed rules of up to 12 players with random partitions into unions:
 * (count(ga) >= a and count(gb) >= b) or (P1 and Pk) or v >= V, the
 * attribute v sometimes above 2^60 so that the term's sums leave machine
 * words. The route must compute every index but the two defined through
 * weights, and each equal to enumeration (itself held to the brute force
 * by test_random_composed). */
static void test_composed_engines(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(200);
    uint64_t base = 1122026;
    static const char *const leave[] = {"CM", "JCM"};
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(base + t);
        rng_state = seed;
        game_t *g = calloc(1, sizeof *g);
        size_t n = 3 + (size_t)(rnd() % (MAXN - 2));
        g->n = n;
        unsigned A = 0, B = 0;
        while (A == 0) {
            A = (unsigned)(rnd() % (1u << n));
        }
        while (B == 0) {
            B = (unsigned)(rnd() % (1u << n));
        }
        int a = 1 + (int)(rnd() % (unsigned)pc(A));
        int b = 1 + (int)(rnd() % (unsigned)pc(B));
        size_t k2 = 1 + (size_t)(rnd() % (n - 1));
        bool huge = rnd() % 3 == 0;
        u128 v[MAXN], tot = 0;
        for (size_t i = 0; i < n; i++) {
            v[i] = rnd() % 1000;
            if (huge) {
                v[i] += (u128)(rnd() % 4) << 60;
            }
            tot += v[i];
        }
        u128 V = tot / 2 + 1 + (tot / 8) * (rnd() % 4);
        char text[4096], num[48];
        int at = snprintf(text, sizeof text, "players {");
        for (size_t i = 0; i < n; i++) {
            at += snprintf(text + at, sizeof text - (size_t)at, "\n P%zu v=%s",
                           i + 1, u128_str(num, v[i]));
            if ((A >> i & 1u) || (B >> i & 1u)) {
                at += snprintf(text + at, sizeof text - (size_t)at, " [%s%s%s]",
                               (A >> i & 1u) ? "ga" : "",
                               (A >> i & 1u) && (B >> i & 1u) ? ", " : "",
                               (B >> i & 1u) ? "gb" : "");
            }
        }
        snprintf(text + at, sizeof text - (size_t)at,
                 "\n}\npass when count(ga) >= %d and count(gb) >= %d or P1 and "
                 "P%zu or v >= %s\n",
                 a, b, k2 + 1, u128_str(num, V));
        for (unsigned s = 0; s < (1u << n); s++) {
            u128 vs = 0;
            for (size_t i = 0; i < n; i++) {
                vs += (s >> i & 1u) ? v[i] : 0;
            }
            g->win[s] = (pc(s & A) >= a && pc(s & B) >= b) ||
                        ((s & 1u) && (s >> k2 & 1u)) || vs >= V;
        }
        random_partition(g);
        veto_model_t *m = read_model(text);
        veto_indices_t *x = compute(m, g->union_of);
        check_game(g, x, seed);
        veto_indices_t *y = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        if (veto_i_indices_engines(&y, m, g->union_of, NULL, NULL, &err) !=
            VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        size_t nk = veto_index_catalogue_size();
        for (size_t k = 0; k < nk; k++) {
            const veto_index_info_t *e = veto_index_catalogue(k);
            bool left = false;
            for (size_t l = 0; l < sizeof leave / sizeof leave[0]; l++) {
                left = left || veto_index_lookup(leave[l]) == (long)k;
            }
            if (left) {
                if (y->computed[k] ||
                    strstr(y->why_not[k], "weights") == NULL) {
                    fail_msg("seed %llu: %s on a composed rule: %s",
                             (unsigned long long)seed, e->key, y->why_not[k]);
                }
                continue;
            }
            if (!y->computed[k]) {
                fail_msg("seed %llu (%s): the engines did not compute %s: %s",
                         (unsigned long long)seed, text, e->key, y->why_not[k]);
            }
            same_index(x, y, k, n, seed, text);
        }
        veto_indices_free(y);
        veto_indices_free(x);
        veto_model_free(m);
        free(g);
    }
}

/* Players of one type: weighted games of 20 to 22 players whose weights
 * come from one, two or three values (0..6), where the engines' counts by
 * size come from dp's typed recurrence (Shapley-Shubik's when every
 * player weighs the same, Deegan-Packel's with up to three types) and the
 * indices from them are worked out once per type and copied to its
 * members (xindex.c, row_classes): every index the engines compute equals
 * enumeration's, player by player. */
static void test_types_against_enum(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(9);
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(6122026 + t);
        rng_state = seed;
        size_t n = 20 + (size_t)(rnd() % 3);
        size_t d = 1 + t % 3;
        uint64_t pool[3], wt[24], tot = 0;
        for (size_t k = 0; k < d; k++) {
            pool[k] = 1 + rnd() % 6;
        }
        char text[512];
        for (size_t i = 0; i < n; i++) {
            wt[i] = pool[rnd() % d];
            tot += wt[i];
        }
        uint64_t q = rnd() % 4 == 0 ? 1 + rnd() % tot : tot / 2 + 1;
        int at = snprintf(text, sizeof text, "%llu", (unsigned long long)q);
        for (size_t i = 0; i < n; i++) {
            at += snprintf(text + at, sizeof text - (size_t)at, " %llu",
                           (unsigned long long)wt[i]);
        }
        snprintf(text + at, sizeof text - (size_t)at, "\n");
        veto_model_t *m = read_model(text);
        veto_indices_t *x = compute(m, NULL);
        veto_indices_t *y = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        if (veto_i_indices_engines(&y, m, NULL, NULL, NULL, &err) != VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        size_t nk = veto_index_catalogue_size();
        static const char *const sized[] = {"CSI", "PHX", "PIF", "RPIF",
                                            "WS",  "FT",  "RFT"};
        for (size_t l = 0; l < sizeof sized / sizeof sized[0]; l++) {
            long k = veto_index_lookup(sized[l]);
            assert_true(k >= 0);
            if (!y->computed[k]) {
                fail_msg("seed %llu (%s): the engines did not compute %s: %s",
                         (unsigned long long)seed, text, sized[l],
                         y->why_not[k]);
            }
        }
        for (size_t k = 0; k < nk; k++) {
            if (y->computed[k]) {
                same_index(x, y, k, n, seed, text);
            }
        }
        veto_indices_free(x);
        veto_indices_free(y);
        veto_model_free(m);
    }
}

/* OPGI's two counts of the quotient's minimal winning coalitions beyond
 * 24 players agree: every set of unions (what veto_indices_compute takes
 * for 8 to 16 unions here) and the knapsack by the lightest union (forced
 * by veto_i_indices_engines), on random weighted games of 26 to 34
 * players, weights 1..20. */
static void test_opgi_routes(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(20);
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(3012026 + t);
        rng_state = seed;
        size_t n = 26 + (size_t)(rnd() % 9);
        size_t m = 8 + (size_t)(rnd() % 9);
        size_t u[40];
        uint64_t tot = 0, wt[40];
        for (size_t i = 0; i < n; i++) {
            wt[i] = 1 + rnd() % 20;
            tot += wt[i];
            u[i] = i < m ? i : (size_t)(rnd() % m);
        }
        char text[512];
        int at = snprintf(text, sizeof text, "%llu",
                          (unsigned long long)(tot / 2 + 1 + rnd() % 8));
        for (size_t i = 0; i < n; i++) {
            at += snprintf(text + at, sizeof text - (size_t)at, " %llu",
                           (unsigned long long)wt[i]);
        }
        snprintf(text + at, sizeof text - (size_t)at, "\n");
        veto_model_t *mod = read_model(text);
        size_t nk = veto_index_catalogue_size();
        bool want[64] = {false};
        assert_true(nk <= 64);
        long k = K("OPGI");
        want[k] = true;
        veto_indices_t *x = NULL, *y = NULL;
        veto_error_t err;
        veto_error_clear(&err);
        assert_int_equal(
            veto_indices_compute_some(&x, mod, u, want, NULL, &err), VETO_OK);
        assert_int_equal(veto_i_indices_engines(&y, mod, u, want, NULL, &err),
                         VETO_OK);
        assert_true(x->computed[k] && y->computed[k]);
        assert_int_equal(x->undefined[k], y->undefined[k]);
        mpq_t sum;
        mpq_init(sum);
        for (size_t i = 0; !x->undefined[k] && i < n; i++) {
            if (!mpq_equal(x->value[k][i], y->value[k][i])) {
                fail_msg("seed %llu (%s): OPGI[%zu] differs between the two "
                         "counts",
                         (unsigned long long)seed, text, i);
            }
            mpq_add(sum, sum, x->value[k][i]);
        }
        /* it shares out the union's PGI: sums to 1 */
        assert_true(x->undefined[k] || mpq_cmp_ui(sum, 1, 1) == 0);
        mpq_clear(sum);
        veto_indices_free(x);
        veto_indices_free(y);
        veto_model_free(mod);
    }
}

/* The two arithmetics of udp.c (machine words, GMP) agree, on random
 * weighted games of up to 40 players in up to 20 unions, weights to 300:
 * Owen, Banzhaf-Owen and symmetric coalitional Banzhaf, exactly. */
static void test_udp_words_gmp(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(60);
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(31122026 + t);
        rng_state = seed;
        size_t n = 1 + (size_t)(rnd() % 40);
        size_t m = 1 + (size_t)(rnd() % (n < 20 ? n : 20));
        veto_i_wgame_t g;
        assert_true(veto_i_wgame_alloc(&g, n));
        size_t un[40];
        uint64_t tot = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t wi = rnd() % 301;
            mpz_set_ui(g.w[i], (unsigned long)wi);
            tot += wi;
            un[i] = i < m ? i : (size_t)(rnd() % m);
        }
        mpz_set_ui(g.quota, (unsigned long)(tot / 2 + 1));
        mpq_t o1[40], b1[40], s1[40], o2[40], b2[40], s2[40];
        for (size_t i = 0; i < n; i++) {
            mpq_inits(o1[i], b1[i], s1[i], o2[i], b2[i], s2[i], NULL);
        }
        veto_error_t err;
        veto_error_clear(&err);
        veto_i_ctx_t ctx;
        veto_i_ctx_from_options(&ctx, NULL);
        assert_int_equal(
            veto_i_dp_unions_mode(o1, b1, s1, &g, un, 0, &ctx, &err), VETO_OK);
        assert_int_equal(
            veto_i_dp_unions_mode(o2, b2, s2, &g, un, 2, &ctx, &err), VETO_OK);
        for (size_t i = 0; i < n; i++) {
            if (!mpq_equal(o1[i], o2[i]) || !mpq_equal(b1[i], b2[i]) ||
                !mpq_equal(s1[i], s2[i])) {
                fail_msg("seed %llu: player %zu differs between words and "
                         "GMP",
                         (unsigned long long)seed, i);
            }
            mpq_clears(o1[i], b1[i], s1[i], o2[i], b2[i], s2[i], NULL);
        }
        veto_i_wgame_clear(&g);
    }
}

/* Compares every precoalition index y computed with x's (enumeration);
 * each one but TPGI1 (which needs the whole game's Holler index) must be
 * computed. */
static void same_union_indices(const veto_indices_t *x, const veto_indices_t *y,
                               size_t n, uint64_t seed, const char *what)
{
    for (size_t k = (size_t)K("owen"); k <= (size_t)K("tpgi3"); k++) {
        const veto_index_info_t *e = veto_index_catalogue(k);
        if (!y->computed[k]) {
            if (k != (size_t)K("tpgi1")) {
                fail_msg("seed %llu (%s): %s not computed: %s",
                         (unsigned long long)seed, what, e->key, y->why_not[k]);
            }
            continue;
        }
        assert_true(x->computed[k]);
        assert_int_equal(x->undefined[k], y->undefined[k]);
        for (size_t i = 0; !x->undefined[k] && i < n; i++) {
            if (!mpq_equal(x->value[k][i], y->value[k][i])) {
                fail_msg("seed %llu (%s): %s[%zu] differs from enumeration",
                         (unsigned long long)seed, what, e->key, i);
            }
        }
    }
}

/* A weighted rule whose union dp refuses falls back to the rule on the
 * coalitions of whole unions (the composed rules' route): on random
 * weighted games of up to 10 players with random partitions, (a) the same
 * game with every weight times 2^44 plus 1 and the quota times 2^44 (the
 * same winning coalitions, a quota the dp refuses above 2^40) and (b) the
 * game itself under a 6,000-byte memory budget give, through the engines,
 * the precoalition indices of enumeration; the reason names the route. */
static void test_union_fallback(void **state)
{
    (void)state;
    size_t games = (size_t)vt_count(100);
    size_t fell = 0;
    for (size_t t = 0; t < games; t++) {
        uint64_t seed = vt_seed(4122026 + t);
        rng_state = seed;
        size_t n = 2 + (size_t)(rnd() % 9);
        uint64_t wt[MAXN], tot = 0;
        for (size_t i = 0; i < n; i++) {
            wt[i] = rnd() % 41;
            tot += wt[i];
        }
        uint64_t q = tot / 2 + 1;
        char small[512], huge[1024], num[48];
        int a = snprintf(small, sizeof small, "%llu", (unsigned long long)q);
        int b = snprintf(huge, sizeof huge, "%s", u128_str(num, (u128)q << 44));
        for (size_t i = 0; i < n; i++) {
            a += snprintf(small + a, sizeof small - (size_t)a, " %llu",
                          (unsigned long long)wt[i]);
            b += snprintf(huge + b, sizeof huge - (size_t)b, " %s",
                          u128_str(num, ((u128)wt[i] << 44) + 1));
        }
        snprintf(small + a, sizeof small - (size_t)a, "\n");
        snprintf(huge + b, sizeof huge - (size_t)b, "\n");
        game_t *g = calloc(1, sizeof *g);
        g->n = n;
        random_partition(g);
        veto_model_t *ms = read_model(small), *mh = read_model(huge);
        veto_indices_t *x = compute(ms, g->union_of), *y = NULL, *z = NULL;
        bool want[64] = {false};
        assert_true(veto_index_catalogue_size() <= 64);
        for (size_t k = (size_t)K("owen"); k <= (size_t)K("tpgi3"); k++) {
            want[k] = true;
        }
        veto_error_t err;
        veto_error_clear(&err);
        if (veto_i_indices_engines(&y, mh, g->union_of, want, NULL, &err) !=
            VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        same_union_indices(x, y, n, seed, huge);
        if (strstr(y->reason, "where the dp refused") == NULL) {
            fail_msg("seed %llu: the reason does not name the route: %s",
                     (unsigned long long)seed, y->reason);
        }
        veto_options_t opt;
        veto_options_init(&opt);
        opt.max_memory = 6000;
        if (veto_i_indices_engines(&z, ms, g->union_of, want, &opt, &err) !=
            VETO_OK) {
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);
        }
        same_union_indices(x, z, n, seed, small);
        fell += strstr(z->reason, "where the dp refused") != NULL;
        veto_indices_free(x);
        veto_indices_free(y);
        veto_indices_free(z);
        veto_model_free(ms);
        veto_model_free(mh);
        free(g);
    }
    /* most quotas are large enough for the budget to stop the dp */
    assert_true(fell * 2 > games);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classic),
        cmocka_unit_test(test_published_unions),
        cmocka_unit_test(test_opgi_epic),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_beyond_enum),
        cmocka_unit_test(test_random_weighted),
        cmocka_unit_test(test_random_composed),
        cmocka_unit_test(test_engines_against_enum),
        cmocka_unit_test(test_types_against_enum),
        cmocka_unit_test(test_composed_engines),
        cmocka_unit_test(test_union_fallback),
        cmocka_unit_test(test_opgi_routes),
        cmocka_unit_test(test_udp_words_gmp),
    };
    vt_begin("test_indices_more");
    return vt_end(cmocka_run_group_tests(tests, NULL, NULL));
}
