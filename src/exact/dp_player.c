/*
 * dp_player.c: one player's swings by coalition size in a weighted game
 * (the counts explain asks for), and a smallest swing rebuilt from
 * reachability bits.
 *
 * cnt[k][s] counts the coalitions of the others of size k and weight
 * s < q (weights at or above q are left out: such a coalition wins
 * without p, so it is no swing); p swings exactly those with
 * s >= q - w_p. Time O(n^2 q) big-number additions, memory n q numbers
 * plus, for the example, (n + 1) n q bytes of reachability.
 */
#include "counts.h"

#include <math.h>
#include <string.h>

#define ADVICE (&(const veto_i_advice_t){VETO_HINT_MEMORY, "dp", "enum"})

bool veto_i_dp_player_fits(const veto_i_wgame_t *g)
{
    return mpz_cmp_ui(g->quota, VETO_I_DP_PLAYER_MAX) <= 0 &&
           (double)mpz_get_ui(g->quota) * (double)g->n <=
               (double)VETO_I_DP_PLAYER_MAX;
}

double veto_i_dp_player_work(const veto_i_wgame_t *g)
{
    if (!veto_i_dp_player_fits(g)) {
        return INFINITY;
    }
    double n = (double)g->n;
    /* two words touched per addition of numbers that stay below 2^n */
    return n * n * (double)mpz_get_ui(g->quota) * (2.0 + n / 64.0);
}

veto_status veto_i_dp_player(veto_i_counts_t *out, const veto_i_wgame_t *g,
                             const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = g->n;
    size_t p = out->player;
    size_t *w = NULL;
    mpz_t *cnt = NULL;
    unsigned char *reach = NULL;
    size_t ncnt = 0;
    if (p >= n || out->player_k == NULL || !veto_i_dp_player_fits(g)) {
        return veto_i_misuse(err, __func__,
                             "a quota of at most 2,000,000 / n, with "
                             "NEED_PLAYER");
    }
    /* fits: q * n <= 2e6, so q and n q fit in size_t */
    size_t q = (size_t)mpz_get_ui(g->quota);
    if (q == 0) {
        /* every coalition wins: nobody swings */
        out->have |= VETO_I_NEED_PLAYER;
        return VETO_OK;
    }
    ncnt = n * q;
    bool example = (double)n * (double)n * (double)q <= 2e7;
    uint64_t bytes = veto_i_sat_mul(ncnt, sizeof(mpz_t) + 8);
    if (example) {
        bytes = veto_i_sat_add(bytes, (uint64_t)(n + 1) * n * q);
    }
    VETO_TRY(veto_i_budget_check(ctx, bytes, "one player's swings by size",
                                 ADVICE, err));
    VETO_ALLOC(w, veto_i_mallocarray(n, sizeof *w));
    for (size_t i = 0; i < n; i++) {
        /* Weights above q act like q: any sum reaching q is dropped. */
        w[i] = mpz_cmp_ui(g->w[i], q) >= 0 ? q : (size_t)mpz_get_ui(g->w[i]);
    }
    VETO_ALLOC(cnt, veto_i_mallocarray(ncnt, sizeof(mpz_t)));
    for (size_t x = 0; x < ncnt; x++) {
        mpz_init(cnt[x]);
    }
    mpz_set_ui(cnt[0], 1);
    if (example) {
        /* reach[(j * n + k) * q + s]: after the first j players, a
         * coalition of size k and weight s exists. */
        VETO_ALLOC(reach, veto_i_calloc((n + 1) * n * q, 1));
        reach[0] = 1;
    }
    for (size_t j = 0; j < n; j++) {
        VETO_TRY(veto_i_poll(ctx, (double)j / (double)n, "dp", err));
        if (example) {
            memcpy(reach + (j + 1) * n * q, reach + j * n * q, n * q);
        }
        if (j == p || w[j] >= q) {
            continue;
        }
        for (size_t k = n - 1; k-- > 0;) {
            for (size_t s = q - w[j]; s-- > 0;) {
                if (mpz_sgn(cnt[k * q + s]) != 0) {
                    mpz_add(cnt[(k + 1) * q + s + w[j]],
                            cnt[(k + 1) * q + s + w[j]], cnt[k * q + s]);
                    if (example) {
                        reach[((j + 1) * n + k + 1) * q + s + w[j]] = 1;
                    }
                }
            }
        }
    }
    size_t lo = w[p] >= q ? 0 : q - w[p];
    size_t best_k = SIZE_MAX, best_s = 0;
    for (size_t k = 0; k < n; k++) {
        mpz_set_ui(out->player_k[k], 0);
        for (size_t s = lo; w[p] > 0 && s < q; s++) {
            if (mpz_sgn(cnt[k * q + s]) != 0 && best_k == SIZE_MAX) {
                best_k = k;
                best_s = s;
            }
            mpz_add(out->player_k[k], out->player_k[k], cnt[k * q + s]);
        }
    }
    if (example && best_k != SIZE_MAX) {
        /* Walk back from the last player: leave j out whenever the size
         * and weight are reachable without it. */
        unsigned char *in;
        VETO_ALLOC(in, veto_i_calloc(n, 1));
        size_t k = best_k, s = best_s;
        for (size_t j = n; j-- > 0 && k > 0;) {
            if (reach[(j * n + k) * q + s]) {
                continue; /* reachable without player j */
            }
            in[j] = 1;
            k--;
            s -= w[j];
        }
        out->example = in;
    }
    out->have |= VETO_I_NEED_PLAYER;
cleanup:
    if (cnt != NULL) {
        for (size_t x = 0; x < ncnt; x++) {
            mpz_clear(cnt[x]);
        }
        veto_i_free(cnt);
    }
    veto_i_free(w);
    veto_i_free(reach);
    return rc;
}
