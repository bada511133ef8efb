/*
 * dp_proper.c: whether a weighted game is proper and strong, by subset sums
 * as a bitset.
 */
#include "dp_i.h"

/* ---- proper / strong ----------------------------------------------------- */

veto_status dp_fill_proper(veto_i_counts_t *out, const rgame_t *rg,
                           const veto_i_ctx_t *ctx, veto_error_t *err)
{
    veto_status rc = VETO_OK;
    u64 *bits = NULL;
    if (rg->kind == GAME_ALL) {
        out->proper = VETO_NO; /* the empty coalition and N both win */
        out->strong = VETO_YES;
        goto cleanup;
    }
    if (rg->kind == GAME_NONE) {
        out->proper = VETO_YES;
        out->strong = VETO_NO; /* neither the empty coalition nor N wins */
        goto cleanup;
    }
    u64 T = rg->total, q = rg->q;
    size_t words = (size_t)(T / 64 + 1);
    VETO_TRY(veto_i_budget_check(ctx, veto_i_sat_mul(words, 8),
                                 "the subset sums for proper/strong", ADVICE,
                                 err));
    VETO_ALLOC(bits, veto_i_calloc(words, sizeof *bits));
    bits[0] = 1;
    u64 reach = 0;
    for (size_t x = 0; x < rg->m; x++) {
        u64 w = rg->w[x];
        reach += w;
        size_t top = (size_t)(reach / 64);
        size_t ws = (size_t)(w / 64);
        unsigned bs = (unsigned)(w % 64);
        for (size_t i = top + 1; i-- > ws;) {
            u64 v = bits[i - ws] << bs;
            if (bs != 0 && i > ws) {
                v |= bits[i - ws - 1] >> (64 - bs);
            }
            bits[i] |= v;
        }
        if ((x & 63) == 0) {
            VETO_TRY(
                veto_i_poll(ctx, (double)x / (double)rg->m, "dp proper", err));
        }
    }
    /* proper: no achievable s with q <= s <= T - q;
     * strong: no achievable s with T - q < s < q. */
    bool proper = true, strong = true;
    for (u64 s = 0; s <= T; s++) {
        if (!((bits[s / 64] >> (s % 64)) & 1)) {
            continue;
        }
        if (s >= q && s + q <= T) {
            proper = false;
        }
        if (s + q > T && s < q) {
            strong = false;
        }
    }
    out->proper = proper ? VETO_YES : VETO_NO;
    out->strong = strong ? VETO_YES : VETO_NO;
cleanup:
    veto_i_free(bits);
    if (rc == VETO_OK) {
        out->have |= VETO_I_NEED_PROPER;
    }
    return rc;
}
