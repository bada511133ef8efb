/*
 * analysis.h: the analysis room: choose an engine, run it, and turn counts
 * into indices and properties in one place.
 */
#ifndef VETO_ANALYSIS_H
#define VETO_ANALYSIS_H

#include "../exact/counts.h"

/* The counts each index needs (VETO_I_NEED_* bits). */
unsigned veto_i_index_needs(unsigned indices);

/* Fill result->value/approx/computed/undefined for `indices` from counts.
 * Time O(n) big-number operations (plus one n! and one 2^n).
 * Errors: VETO_ENOMEM. */
veto_status veto_i_indices_from_counts(veto_result_t *res,
                                       const veto_i_counts_t *c,
                                       unsigned indices, veto_error_t *err);

/* Allocate a result for n players (all arrays empty/zero). NULL on ENOMEM. */
veto_result_t *veto_i_result_new(size_t n);

#endif /* VETO_ANALYSIS_H */
