/*
 * xindex.h: the catalogue of every index (catalogue.c) and the engine that
 * computes them all (xindex.c). Internal.
 */
#ifndef VETO_XINDEX_H
#define VETO_XINDEX_H

#include "analysis.h"

/* Positions in the catalogue and in veto_indices_t.value[]. */
enum {
    VETO_X_BZ_RAW, VETO_X_BZ, VETO_X_BZ_ABS, VETO_X_SSI, VETO_X_SSI_RAW,
    VETO_X_CC, VETO_X_CI, VETO_X_CP,
    VETO_X_PG_RAW, VETO_X_PG, VETO_X_PG_ABS, VETO_X_DP_RAW, VETO_X_DP,
    VETO_X_J_RAW, VETO_X_J, VETO_X_FT_RAW, VETO_X_FT,
    VETO_X_PIF_RAW, VETO_X_PIF, VETO_X_PIG_RAW, VETO_X_PIG, VETO_X_PIG_ABS,
    VETO_X_RAE, VETO_X_KB, VETO_X_NEV, VETO_X_PHT_RAW, VETO_X_PHT, VETO_X_PHX,
    VETO_X_CM, VETO_X_JCM, VETO_X_BCS, VETO_X_CSI, VETO_X_TIJS, VETO_X_HN,
    VETO_X_W, VETO_X_WM, VETO_X_WS,
    VETO_X_OWEN, VETO_X_BO, VETO_X_SCB, VETO_X_OPGI, VETO_X_UPGI,
    VETO_X_SPGI, VETO_X_TPGI1, VETO_X_TPGI2, VETO_X_TPGI3,
    VETO_X_N_
};
#define VETO_X_N ((size_t)VETO_X_N_)

/* Every index by enumeration from a table of the winning coalitions:
 * win[S] != 0 when coalition S (bit i = player i) wins, n <= 24. weight
 * (may be NULL) the weights of a weighted rule (for Colomer-Martinez);
 * union_of (may be NULL) as in veto_indices_compute. Fills x (allocated by
 * the caller with n and nindex set). */
veto_status veto_i_xindex_enum(veto_indices_t *x, const unsigned char *win,
                               size_t n, const uint64_t *weight,
                               const size_t *union_of,
                               const veto_i_ctx_t *ctx, veto_error_t *err);

/* veto_indices_compute_some by the route beyond enumeration whatever the
 * number of players (veto_analyse's engines, then the dp engines for a
 * weighted rule, OPGI's minimal winning coalitions of the quotient by
 * knapsack whatever the number of unions): for tests against
 * enumeration. */
veto_status veto_i_indices_engines(veto_indices_t **out,
                                   const veto_model_t *model,
                                   const size_t *union_of, const bool *want,
                                   const veto_options_t *opt,
                                   veto_error_t *err);

#endif /* VETO_XINDEX_H */
