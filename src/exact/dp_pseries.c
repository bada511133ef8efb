/*
 * dp_pseries.c: the power-series route (pseries.c) as a path of the dp
 * engine: the reduced game handed over by classes, the counts put back per
 * player (players of weight 0 as the recursion does), and the choice
 * between the two paths by their measured cost (bench/README.md).
 */
#include "dp_i.h"

#include "pseries.h"

#include <math.h>
#include <string.h>

/* The reduced game by classes (rg's weights are descending already). */
static veto_status ps_game(veto_i_ps_game_t *pg, u64 **w, size_t **mult,
                           const rgame_t *rg, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    *w = NULL;
    *mult = NULL;
    VETO_ALLOC(*w, veto_i_mallocarray(rg->d, sizeof **w));
    VETO_ALLOC(*mult, veto_i_mallocarray(rg->d, sizeof **mult));
    for (size_t c = 0; c < rg->d; c++) {
        (*w)[c] = rg->w[rg->cls[c]];
        (*mult)[c] = rg->cls[c + 1] - rg->cls[c];
    }
    pg->q = rg->q;
    pg->m = rg->m;
    pg->d = rg->d;
    pg->w = *w;
    pg->mult = *mult;
cleanup:
    return rc;
}

/* Seconds per unit of veto_i_ps_work over seconds per word operation of
 * the recursion's path (dp_estimate.c's units), fitted to the CPU times of
 * both routes measured in one session (bench/README.md, "the power series
 * against the recursion"): Banzhaf 12.5 (11-14.5 on random-1000..5000; the
 * recursion's in-cache adds are cheap). veto_i_ps_work counts the
 * transforms' butterflies step by step, so these constants hold after the
 * transforms got fewer and shorter (the radix-2^2 passes and the rest made
 * a butterfly cheaper too: the same constants against 21 N/2 log2 N
 * before were 14 and 4.2).
 *
 * Shapley-Shubik 3.5 (4.2 before the route took span points and the
 * fewest primes; bench/README.md, "Shapley-Shubik for 1,000 players under
 * 240 s"): at random-500 a unit of the new count took 0.87 of the old
 * one's time with the extraction by table lookups, about 0.82 with the
 * cheaper h'. In that session the recursion and the series took 2.74 and
 * 5.18 s at 300 players, 6.94 and 12.29 at 400 (random weights 1..1000,
 * not a gen.py file), 25.15 and 18.18 at 500: every constant in (2.8,
 * 4.45) puts the crossover between 400 and 500 as measured, and 3.5 is
 * both the per-unit rescale and the middle of that range. Its table
 * streams from memory, which the recursion's units already weight 4x. */
#define PS_COST_BANZHAF 12.5
#define PS_COST_SSI 3.5

static bool ps_takes(const rgame_t *rg)
{
    return rg->kind == GAME_NORMAL && rg->m > 0 && rg->q <= ((u64)1 << 31);
}

/* cost (work) or bytes (per thread plus the residues) of the route */
static double ps_measure(const rgame_t *rg, unsigned which, bool bytes)
{
    veto_i_ps_game_t pg;
    u64 *w = NULL;
    size_t *mult = NULL;
    veto_error_t err;
    memset(&err, 0, sizeof err);
    double v = INFINITY;
    if (ps_takes(rg) && ps_game(&pg, &w, &mult, rg, &err) == VETO_OK) {
        if (bytes) {
            double r = veto_i_ps_primes(&pg, which);
            double items = (double)rg->d + 1;
            if (which == VETO_I_NEED_SSI) {
                size_t lo, hi;
                veto_i_ps_ssi_window(&lo, &hi, &pg);
                items = (double)rg->d * (double)(hi - lo + 1);
            }
            v = (double)veto_i_ps_bytes(&pg, which) + 8 * r * items;
        } else {
            v = (which == VETO_I_NEED_SSI ? PS_COST_SSI : PS_COST_BANZHAF) *
                veto_i_ps_work(&pg, which);
        }
    }
    veto_i_free(w);
    veto_i_free(mult);
    veto_error_clear(&err);
    return v;
}

double dp_pseries_work(const rgame_t *rg, unsigned which)
{
    return ps_measure(rg, which, false);
}

u64 dp_pseries_bytes(const rgame_t *rg, unsigned which)
{
    double b = ps_measure(rg, which, true);
    return b >= 1.8e19 ? UINT64_MAX : (u64)b;
}

bool dp_use_pseries(const rgame_t *rg, unsigned which, int route)
{
    if (!ps_takes(rg) || route == 0) {
        return false;
    }
    if (route == 1) {
        return true;
    }
    /* the recursion's primes, as its passes ask for them (dp_ssi.c: m
     * bits; dp_banzhaf.c: m + 1) */
    double r =
        (double)dp_crt_count(which == VETO_I_NEED_SSI ? rg->m : rg->m + 1);
    double dp = which == VETO_I_NEED_SSI
                    ? r * dp_ssi_work(rg)
                    : r * ((double)rg->m * (double)rg->q + 2.0 * (double)rg->q);
    return dp_pseries_work(rg, which) < dp;
}

veto_status dp_ps_banzhaf(veto_i_counts_t *out, const rgame_t *rg,
                          unsigned need, const veto_i_ctx_t *ctx,
                          veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_ps_game_t pg;
    u64 *w = NULL;
    size_t *mult = NULL;
    mpz_t *sw = NULL;
    mpz_t below;
    mpz_init(below);
    VETO_TRY(ps_game(&pg, &w, &mult, rg, err));
    VETO_ALLOC(sw, veto_i_mallocarray(rg->d, sizeof *sw));
    for (size_t c = 0; c < rg->d; c++) {
        mpz_init(sw[c]);
    }
    VETO_TRY(veto_i_ps_banzhaf(below, sw, &pg, ctx, err));
    /* winning = 2^m - (coalitions below q), times 2^z */
    mpz_set_ui(out->winning, 0);
    mpz_setbit(out->winning, rg->m);
    mpz_sub(out->winning, out->winning, below);
    mpz_mul_2exp(out->winning, out->winning, rg->z);
    out->have |= VETO_I_NEED_WINNING;
    out->pseries |= VETO_I_NEED_SWINGS;
    if ((need & VETO_I_NEED_SWINGS) && out->swings != NULL) {
        for (size_t c = 0; c < rg->d; c++) {
            mpz_mul_2exp(sw[c], sw[c], rg->z);
            for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
                mpz_set(out->swings[rg->ord[x]], sw[c]);
            }
        }
        out->have |= VETO_I_NEED_SWINGS;
    }
cleanup:
    if (sw != NULL) {
        for (size_t c = 0; c < rg->d; c++) {
            mpz_clear(sw[c]);
        }
        veto_i_free(sw);
    }
    veto_i_free(w);
    veto_i_free(mult);
    mpz_clear(below);
    return rc;
}

typedef struct ssi_emit {
    veto_i_counts_t *out;
    const rgame_t *rg;
    mpz_t f, sum, scale, bz;
} ssi_emit_t;

/* As dp_ssi_finish: ssi_num = (sum_k swings_k k! (m-1-k)!) n! / m! for
 * every player of class c, and the swings by size with j of the z
 * players of weight 0 added (size k + j, C(z, j) ways). */
static void ssi_emit(void *user, size_t c, size_t lo, size_t hi,
                     const mpz_t *sw)
{
    ssi_emit_t *e = user;
    const rgame_t *rg = e->rg;
    size_t m = rg->m;
    mpz_set_ui(e->sum, 0);
    for (size_t k = lo; k <= hi; k++) {
        const mpz_t *v = &sw[k - lo];
        if (mpz_sgn(*v) == 0) {
            continue;
        }
        mpz_fac_ui(e->f, k);
        mpz_mul(e->bz, e->f, *v);
        mpz_fac_ui(e->f, m - 1 - k);
        mpz_addmul(e->sum, e->bz, e->f);
        if (e->out->swings_k != NULL) {
            /* once for the class (its row class) */
            mpz_t *row = veto_i_counts_swings_row(e->out, rg->ord[rg->cls[c]]);
            for (size_t jz = 0; jz <= rg->z; jz++) {
                mpz_bin_uiui(e->bz, rg->z, jz);
                mpz_addmul(row[k + jz], *v, e->bz);
            }
        }
    }
    mpz_mul(e->sum, e->sum, e->scale);
    for (size_t x = rg->cls[c]; x < rg->cls[c + 1]; x++) {
        mpz_set(e->out->ssi_num[rg->ord[x]], e->sum);
    }
}

veto_status dp_ps_ssi(veto_i_counts_t *out, const rgame_t *rg,
                      const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    veto_i_ps_game_t pg;
    u64 *w = NULL;
    size_t *mult = NULL;
    ssi_emit_t e = {.out = out, .rg = rg};
    mpz_inits(e.f, e.sum, e.scale, e.bz, NULL);
    mpz_set_ui(e.scale, 1);
    for (size_t k = rg->m + 1; k <= rg->n; k++) {
        mpz_mul_ui(e.scale, e.scale, k);
    }
    VETO_TRY(ps_game(&pg, &w, &mult, rg, err));
    VETO_TRY(veto_i_ps_ssi(&pg, ssi_emit, &e, ctx, err));
    out->have |= VETO_I_NEED_SSI;
    out->pseries |= VETO_I_NEED_SSI;
cleanup:
    veto_i_free(w);
    veto_i_free(mult);
    mpz_clears(e.f, e.sum, e.scale, e.bz, NULL);
    return rc;
}
