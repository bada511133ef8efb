/*
 * dp_counts.c: the entry points of the dp engine for weighted games: reduce
 * the game, then run the passes that what is asked needs (see dp_i.h for
 * the engine as a whole and the cost of each pass).
 */
#include "dp_i.h"

#include <string.h>

/* ---- counts -------------------------------------------------------------- */

/* The trivial games: every coalition wins (ALL) or none does (NONE). */
static void fill_trivial(veto_i_counts_t *out, const rgame_t *rg, unsigned need)
{
    size_t n = rg->n;
    mpz_set_ui(out->winning, 0);
    if (rg->kind == GAME_ALL) {
        mpz_setbit(out->winning, n);
    }
    out->have |= VETO_I_NEED_WINNING;
    /* swings, ssi, mwc per player, dpi, jo: all zero (never swings, never
     * critical; the only minimal winning coalition of ALL is empty) */
    if (need & VETO_I_NEED_SWINGS) {
        out->have |= VETO_I_NEED_SWINGS;
    }
    if (need & VETO_I_NEED_SSI) {
        out->have |= VETO_I_NEED_SSI;
    }
    if (need & (VETO_I_NEED_MWC | VETO_I_NEED_DPI)) {
        mpz_set_ui(out->mwc_total, rg->kind == GAME_ALL ? 1 : 0);
        if (out->mwc_k != NULL) {
            mpz_set_ui(out->mwc_k[0], rg->kind == GAME_ALL ? 1 : 0);
        }
        out->have |= VETO_I_NEED_MWC;
        if (need & VETO_I_NEED_DPI) {
            out->have |= VETO_I_NEED_DPI;
        }
    }
    if (need & VETO_I_NEED_MWC_TOTAL) {
        mpz_set_ui(out->mwc_total, rg->kind == GAME_ALL ? 1 : 0);
        out->have |= VETO_I_NEED_MWC_TOTAL;
    }
    if (need & VETO_I_NEED_JOHNSTON) {
        out->have |= VETO_I_NEED_JOHNSTON;
    }
}

/* NEED_SIZES: one row class per weight class of the reduced game (class
 * c is row c), and one more for the players of weight 0 when there are
 * any (their rows stay zero); a trivial game has one class, all rows
 * zero. */
static veto_status set_rows(veto_i_counts_t *out, const rgame_t *rg,
                            const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    size_t n = rg->n, nrows = 1;
    size_t *row_of = NULL;
    if (rg->kind == GAME_NORMAL) {
        nrows = rg->d + (rg->z > 0 ? 1 : 0);
    }
    VETO_TRY(veto_i_budget_check(ctx, veto_i_counts_rows_bytes(out, nrows),
                                 "the counts by coalition size", ADVICE, err));
    VETO_ALLOC(row_of, veto_i_calloc(n == 0 ? 1 : n, sizeof *row_of));
    if (rg->kind == GAME_NORMAL) {
        for (size_t i = 0; i < n; i++) {
            row_of[i] = rg->d; /* weight 0, unless in ord[] */
        }
        for (size_t x = 0; x < rg->m; x++) {
            row_of[rg->ord[x]] = rg->cls_of[x];
        }
    }
    rc = veto_i_counts_rows(out, n == 0 ? 0 : nrows, row_of, err);
cleanup:
    veto_i_free(row_of);
    return rc;
}

veto_status veto_i_dp_counts(veto_i_counts_t *out, const veto_i_wgame_t *g,
                             unsigned need, const veto_i_ctx_t *ctx,
                             veto_error_t *err)
{
    return veto_i_dp_counts_typed(out, g, need, -1, ctx, err);
}

veto_status veto_i_dp_counts_typed(veto_i_counts_t *out,
                                   const veto_i_wgame_t *g, unsigned need,
                                   int typed, const veto_i_ctx_t *ctx,
                                   veto_error_t *err)
{
    return veto_i_dp_counts_route(out, g, need, typed, -1, ctx, err);
}

veto_status veto_i_dp_counts_route(veto_i_counts_t *out,
                                   const veto_i_wgame_t *g, unsigned need,
                                   int typed, int route,
                                   const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    rgame_t rg;
    memset(&rg, 0, sizeof rg);
    if (need & VETO_I_NEED_DPI) {
        need |= VETO_I_NEED_MWC;
    }
    if (out->n != g->n ||
        ((need & VETO_I_NEED_SWINGS) && out->swings == NULL) ||
        ((need & VETO_I_NEED_SSI) && out->ssi_num == NULL) ||
        ((need & VETO_I_NEED_MWC) && out->mwc == NULL) ||
        ((need & VETO_I_NEED_DPI) && out->dpi_sum == NULL) ||
        ((need & VETO_I_NEED_JOHNSTON) && out->jo_sum == NULL)) {
        return veto_i_errorf(err, VETO_EMISUSE,
                             "dp: counts not initialised for what is asked");
    }
    VETO_TRY(dp_rgame_init(&rg, g, err));
    out->types = rg.kind == GAME_NORMAL ? rg.d : 0;
    VETO_TRY(veto_i_budget_check(ctx, dp_estimate_rg(&rg, need),
                                 "the dp engine", ADVICE, err));
    if (need & VETO_I_NEED_SIZES) {
        VETO_TRY(set_rows(out, &rg, ctx, err));
    }
    if (need & VETO_I_NEED_PROPER) {
        VETO_TRY(dp_fill_proper(out, &rg, ctx, err));
    }
    if (rg.kind != GAME_NORMAL) {
        fill_trivial(out, &rg, need);
        goto cleanup;
    }
    /* Shapley-Shubik by the power series: by size as well */
    bool ps_ssi =
        (need & VETO_I_NEED_SSI) && dp_use_pseries(&rg, VETO_I_NEED_SSI, route);
    if (ps_ssi) {
        VETO_TRY(dp_ps_ssi(out, &rg, ctx, err));
        need &= ~(unsigned)VETO_I_NEED_SSI;
    }
    /* the size-indexed counts the typed recurrence takes, in one job */
    unsigned tw = 0;
    const unsigned sized[] = {VETO_I_NEED_SSI, VETO_I_NEED_DPI,
                              VETO_I_NEED_JOHNSTON};
    for (size_t x = 0; x < 3; x++) {
        /* by size too: its residues are per type and size, and
         * dp_ssi_finish / dp_mwc_finish write swings_k and mwc_k from them
         * to every member of the type */
        if ((need & sized[x]) && dp_use_types(&rg, sized[x], typed)) {
            tw |= sized[x];
        }
    }
    if (tw != 0) {
        VETO_TRY(dp_do_typed(out, &rg, tw, ctx, err));
    }
    if ((need & VETO_I_NEED_SSI) && !(tw & VETO_I_NEED_SSI)) {
        VETO_TRY(dp_do_ssi(out, &rg, ctx, err));
    }
    if ((need & VETO_I_NEED_MWC) && !(tw & VETO_I_NEED_DPI)) {
        /* by size: the sweep, or mwc_prime as the reference (typed 0) */
        VETO_TRY(dp_do_mwc(out, &rg, (need & VETO_I_NEED_DPI) != 0, typed != 0,
                           ctx, err));
    }
    if ((need & VETO_I_NEED_MWC_TOTAL) && !(need & VETO_I_NEED_MWC)) {
        VETO_TRY(dp_do_mwc_total(out, &rg, ctx, err));
    }
    if ((need & VETO_I_NEED_MWC_TOTAL) && (out->have & VETO_I_NEED_MWC)) {
        out->have |= VETO_I_NEED_MWC_TOTAL; /* filled with mwc[] */
    }
    if ((need & VETO_I_NEED_JOHNSTON) && !(tw & VETO_I_NEED_JOHNSTON)) {
        VETO_TRY(dp_do_johnston(out, &rg, typed != 0, ctx, err));
    }
    /* Banzhaf last: its pass is the cheapest (O(m q) a prime against
     * O(m^2 q) and more for the others), so under veto-mpi the ranks'
     * first sum comes after the long pass, which MPI_Init overlaps
     * (src/cli/mpi.c), instead of before it. */
    if (need & (VETO_I_NEED_WINNING | VETO_I_NEED_SWINGS)) {
        if (dp_use_pseries(&rg, VETO_I_NEED_SWINGS, route)) {
            VETO_TRY(dp_ps_banzhaf(out, &rg, need, ctx, err));
        } else {
            VETO_TRY(dp_do_banzhaf(out, &rg, need, ctx, err));
        }
    }
    VETO_TRY(veto_i_poll(ctx, 1.0, "dp", err));
cleanup:
    dp_rgame_clear(&rg);
    return rc;
}
